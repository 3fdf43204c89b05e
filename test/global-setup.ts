/** Says once, loudly, whether the PostgreSQL half of the suite runs. */
export default function setup() {
  if (process.env.TEST_DATABASE_URL) {
    console.log(
      `[taizhang] store, command and route tests run on SQLite and on PostgreSQL (${process.env.TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')})`,
    );
  } else if (process.env.TAIZHANG_REQUIRE_POSTGRES === '1') {
    throw new Error(
      'TAIZHANG_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL half would be skipped',
    );
  } else {
    console.log('[taizhang] TEST_DATABASE_URL is not set: the PostgreSQL half of the suite is skipped (SQLite only)');
  }
}
