import cluster from 'node:cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/server/app.js';
import { createDb } from '../src/store/db.js';

/**
 * The server under test, in its own process (forked by api-bench.ts) so the load generator never shares
 * its event loop. Built exactly as `taizhang serve` builds it (buildApp + createDb), except for a clock
 * that starts at the benchmark's base instant, so the seeded status lights do not age between runs.
 */

interface ServerOptions {
  url: string;
  pgSchema?: string;
  baseNow: string;
  logLevel: string;
  /** What-if experiments only (--pragma): SQLite pragmas applied after createDb's own. */
  pragmas?: string[];
  /** What-if experiments only (--pg-setting): PostgreSQL session settings of the server's pool. */
  pgSettings?: Record<string, string>;
  /** Server processes sharing the port, as TAIZHANG_WORKERS runs them (node:cluster); default 1. */
  workers?: number;
}

type ParentMessage = { type: 'mem' } | { type: 'stop' };

function memory() {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  const usage = process.memoryUsage();
  return {
    rssMb: kb('VmRSS') / 1024,
    peakRssMb: kb('VmHWM') / 1024,
    anonMb: kb('RssAnon') / 1024,
    fileMb: kb('RssFile') / 1024,
    heapUsedMb: usage.heapUsed / 1048576,
  };
}

type Memory = ReturnType<typeof memory>;

/**
 * With several workers this process only starts them and speaks for them: its port is theirs, its memory
 * the sum of theirs (peaks summed: an upper bound), and it tells the parent their pids for the CPU meter.
 */
async function primary(options: ServerOptions) {
  const workers = Array.from({ length: options.workers! }, () => cluster.fork());
  const ports = await Promise.all(
    workers.map(
      (worker) => new Promise<number>((resolve) => worker.once('listening', (address) => resolve(address.port))),
    ),
  );
  const workerMemory = () =>
    Promise.all(
      workers.map(
        (worker) =>
          new Promise<Memory>((resolve) => {
            const onMessage = (message: { type: string } & Memory) => {
              if (message.type !== 'mem') return;
              worker.off('message', onMessage);
              resolve(message);
            };
            worker.on('message', onMessage);
            worker.send({ type: 'mem' });
          }),
      ),
    );
  const summed = async () =>
    (await workerMemory()).reduce((sum, m) => ({
      rssMb: sum.rssMb + m.rssMb,
      peakRssMb: sum.peakRssMb + m.peakRssMb,
      anonMb: sum.anonMb + m.anonMb,
      fileMb: sum.fileMb + m.fileMb,
      heapUsedMb: sum.heapUsedMb + m.heapUsedMb,
    }));
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'mem') void summed().then((m) => process.send!({ type: 'mem', ...m }));
    if (message.type === 'stop') {
      for (const worker of workers) worker.send({ type: 'stop' });
      void Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)))).then(() =>
        process.exit(0),
      );
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({
    type: 'ready',
    port: ports[0],
    pids: workers.map((worker) => worker.process.pid),
    ...(await summed()),
  });
}

async function main() {
  const options = JSON.parse(process.argv[2]) as ServerOptions;
  if ((options.workers ?? 1) > 1 && cluster.isPrimary) return primary(options);
  const db = await createDb(options.url, { pgSchema: options.pgSchema, pgSettings: options.pgSettings });
  for (const pragma of options.pragmas ?? []) db.sqlite?.pragma(pragma);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-'));
  const base = Date.parse(options.baseNow);
  const started = Date.now();
  const app = await buildApp({
    db,
    dataDir,
    clock: () => new Date(base + (Date.now() - started)),
    logLevel: options.logLevel,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'mem') process.send!({ type: 'mem', ...memory() });
    if (message.type === 'stop') {
      void app
        .close()
        .then(() => db.close())
        .finally(() => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          process.exit(0);
        });
    }
  });
  // Exit with the parent, even when it dies without saying so.
  process.on('disconnect', () => process.exit(0));
  if (cluster.isPrimary) process.send!({ type: 'ready', port, pids: [], ...memory() });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
