import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const cli = ['--import', 'tsx', path.join(root, 'src/cli/dev.ts')];

async function taizhang(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...cli, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('taizhang command line', () => {
  it('stops with one line naming the variable on invalid configuration', async () => {
    for (const [name, value] of [
      ['PORT', 'abc'],
      ['TAIZHANG_TIMEZONE', 'Mars/Base'],
      ['TAIZHANG_DEMO', 'maybe'],
      ['DATABASE_URL', 'mysql://x'],
    ]) {
      const result = await taizhang(['serve'], {
        [name]: value,
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tz-cli-')),
      });
      expect(result.code, name).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(name);
    }
  });

  it('migrates, creates an admin and backs up a consistent copy of the SQLite database', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tz-cli-'));
    const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
    expect((await taizhang(['migrate'], env)).stdout).toContain('Applied migrations 1');
    expect((await taizhang(['migrate'], env)).stdout).toContain('up to date');
    const admin = await taizhang(['create-admin', '--email', 'ops@example.com', '--password', 'long-enough-1'], env);
    expect(admin.code).toBe(0);
    const target = path.join(dataDir, 'copy.db');
    const backup = await taizhang(['backup', target], env);
    expect(backup.code).toBe(0);
    const copy = new SqliteDatabase(target, { readonly: true });
    const row = copy.prepare('SELECT email, role FROM users').get() as { email: string; role: string };
    copy.close();
    expect(row).toEqual({ email: 'ops@example.com', role: 'admin' });
    const again = await taizhang(['backup', target], env);
    expect(again.code).not.toBe(0);
  });

  it('prints the pg_dump command for PostgreSQL', async () => {
    const result = await taizhang(['backup', 'out.dump'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'pg_dump --format=custom --file=out.dump "postgres://postgres@127.0.0.1:5432/test"',
    );
  });
});
