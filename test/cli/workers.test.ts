import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** The server processes the primary started (not other helpers, such as tsx's compiler service). */
function workerPids(primary: number): number[] {
  return execFileSync('ps', ['--ppid', String(primary), '-o', 'pid=,args='])
    .toString()
    .trim()
    .split('\n')
    .filter((line) => line.includes('dev.ts serve'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}
const EMAIL = 'ops@example.com';
const PASSWORD = 'long-enough-1';

/**
 * TAIZHANG_WORKERS=2 on one SQLite file: two processes answer on one port, and concurrent writes from both
 * all land (each write transaction takes the write lock up front and waits its turn: store/db.ts).
 */
describe('a server of two processes on SQLite', () => {
  let server: ChildProcess;
  let base: string;
  let output = '';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tz-workers-'));

  beforeAll(async () => {
    server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/dev.ts'), 'serve'], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        PORT: '0',
        TAIZHANG_WORKERS: '2',
        TAIZHANG_DEMO: '0',
        TAIZHANG_ADMIN_EMAIL: EMAIL,
        TAIZHANG_ADMIN_PASSWORD: PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    server.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const deadline = Date.now() + 60_000;
    while (!/running on (http:\/\/\S+)/.test(output)) {
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`the server did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    base = /running on (http:\/\/\S+)/.exec(output)![1]!;
  }, 70_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers from both processes and loses no write made through either', async () => {
    expect(output).toContain('2 processes');
    expect(workerPids(server.pid!)).toHaveLength(2);

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json', connection: 'close' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };

    // New connections each time (Connection: close), so the port hands requests to both processes.
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call('POST', '/api/deals', { title: `并发商机 ${i}`, amount: (i + 1) * 10_000 }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(12).fill(201));
    const deals = created.map((r) => r.body as { id: string; version: number });

    // Two moves of each deal from the same version at once: exactly one wins, the other is told so (409).
    const moves = await Promise.all([
      ...deals.flatMap((deal) => [
        call('POST', `/api/deals/${deal.id}/stage`, { stage: 'qualified', version: deal.version }),
        call('POST', `/api/deals/${deal.id}/stage`, { stage: 'qualified', version: deal.version }),
      ]),
      ...Array.from({ length: 12 }, () => call('GET', '/api/deals?limit=50')),
    ]);
    expect(moves.map((r) => r.status).sort()).toEqual([...Array(24).fill(200), ...Array(12).fill(409)]);
    const followups = await Promise.all([
      ...deals.flatMap((deal, i) =>
        [0, 1, 2].map((n) =>
          call('POST', `/api/deals/${deal.id}/followups`, {
            channel: 'call',
            verbatim: `客户第 ${n + 1} 次回复 ${i}`,
            nextStep: '报价',
            nextStepDue: '2026-12-20',
          }),
        ),
      ),
      ...Array.from({ length: 12 }, () => call('GET', '/api/deals?limit=50')),
    ]);
    expect(followups.map((r) => r.status).sort()).toEqual([...Array(12).fill(200), ...Array(36).fill(201)]);

    const db = new SqliteDatabase(path.join(dataDir, 'taizhang.db'), { readonly: true });
    try {
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM followups')).toBe(36);
      expect(count(`SELECT count(*) AS n FROM stage_history WHERE to_stage = 'qualified'`)).toBe(12);
      expect(count(`SELECT count(*) AS n FROM deals WHERE stage = 'qualified'`)).toBe(12);
      // Every stage move and follow-up wrote its audit rows in its own transaction.
      expect(count(`SELECT count(*) AS n FROM audit_log WHERE entity = 'deal' AND action = 'followup'`)).toBe(36);
    } finally {
      db.close();
    }

    const listed = await call('GET', '/api/deals?limit=50');
    expect(listed.body.items).toHaveLength(12);
    expect(
      listed.body.items.every(
        (d: { stage: string; lastFollowupAt: string | null }) => d.stage === 'qualified' && d.lastFollowupAt !== null,
      ),
    ).toBe(true);
  }, 60_000);

  it('stops every process on SIGTERM', async () => {
    const workers = workerPids(server.pid!);
    expect(workers).toHaveLength(2);
    server.kill('SIGTERM');
    const code = await new Promise((resolve) => server.once('exit', resolve));
    expect(code).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  }, 30_000);
});
