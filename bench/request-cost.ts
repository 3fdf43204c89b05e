import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/server/app.js';
import { createDb } from '../src/store/db.js';
import { ADMIN_EMAIL, benchTarget, PASSWORD } from './seed.js';

/**
 * What one request costs the server, and where: CPU time per request (in-process, no socket) and each SQL
 * statement it sends with its mean time. For finding the next thing to make cheaper; run it under
 * `node --cpu-prof --import tsx` for a profile. The database is the one `npm run bench` seeded.
 *
 *   npx tsx bench/request-cost.ts [--deals N] [--db sqlite|postgres] [--path /api/deals?limit=50] [--requests N]
 */
async function main() {
  const args = new Map<string, string>();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i]!.replace(/^--/, ''), argv[i + 1] ?? '');
  const target = benchTarget(
    args.get('db') === 'postgres' ? 'postgres' : 'sqlite',
    Number(args.get('deals') ?? 1_000_000),
  );
  const url = args.get('path') ?? '/api/deals?limit=50&count=false';
  const requests = Number(args.get('requests') ?? 600);
  const statements = new Map<string, number[]>();
  let recording = false;
  const db = await createDb(target.url, {
    pgSchema: target.pgSchema,
    log: (event) => {
      if (!recording || event.level !== 'query') return;
      const key = event.query.sql.replace(/\s+/g, ' ').slice(0, 140);
      statements.set(key, [...(statements.get(key) ?? []), event.queryDurationMillis]);
    },
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-request-cost-'));
  const app = await buildApp({ db, dataDir, logLevel: 'silent' });
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: ADMIN_EMAIL, password: PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`sign-in: ${login.statusCode} ${login.body}`);
    const cookie = `tz_session=${login.cookies.find((c) => c.name === 'tz_session')!.value}`;
    const once = async () => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    };
    for (let i = 0; i < 100; i++) await once();
    recording = true;
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < requests; i++) await once();
    const used = process.cpuUsage(cpu);
    recording = false;
    console.log(
      `${url}: ${((performance.now() - started) / requests).toFixed(3)} ms per request, ${((used.user + used.system) / 1000 / requests).toFixed(3)} ms CPU`,
    );
    let sqlMs = 0;
    for (const [sql, times] of statements) {
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      sqlMs += (mean * times.length) / requests;
      console.log(`${mean.toFixed(3).padStart(8)} ms  ×${(times.length / requests).toFixed(1)}  ${sql}`);
    }
    console.log(`SQL per request: ${sqlMs.toFixed(3)} ms`);
  } finally {
    await app.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
