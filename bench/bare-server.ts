import cluster from 'node:cluster';
import SqliteDatabase from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';

/**
 * The reference the list's throughput is judged against: a bare fastify endpoint answering the same page
 * of 50 deals (every column, newest first) straight from the driver, with no sign-in check, organisation
 * settings, visibility rule, status light or names. Forked by api-bench.ts on the same database.
 */

interface BareOptions {
  url: string;
  pgSchema?: string;
  workers?: number;
}

const PAGE = 'SELECT * FROM deals WHERE org_id = $org AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 50';

async function pageReader(options: BareOptions): Promise<{ read(): Promise<unknown[]>; close(): Promise<void> }> {
  if (options.url.startsWith('postgres')) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      options: options.pgSchema ? `-c search_path=${options.pgSchema}` : undefined,
    });
    const org = (await pool.query<{ id: string }>('SELECT id FROM organisations LIMIT 1')).rows[0]!.id;
    const text = PAGE.replace('$org', '$1');
    return {
      read: async () => (await pool.query({ name: 'bare-page', text, values: [org] })).rows,
      close: () => pool.end(),
    };
  }
  const sqlite = new SqliteDatabase(options.url.replace(/^sqlite:(\/\/)?/, ''));
  // The same connection settings as the app's store (src/store/db.ts).
  for (const pragma of [
    'journal_mode = WAL',
    'synchronous = NORMAL',
    'cache_size = -65536',
    'temp_store = MEMORY',
    'mmap_size = 67108864',
  ])
    sqlite.pragma(pragma);
  const org = (sqlite.prepare('SELECT id FROM organisations LIMIT 1').get() as { id: string }).id;
  const statement = sqlite.prepare(PAGE.replace('$org', '?'));
  return {
    read: async () => statement.all(org),
    close: async () => {
      sqlite.close();
    },
  };
}

/** Several processes sharing the port (node:cluster), as the app runs with TAIZHANG_WORKERS. */
async function primary(count: number) {
  const workers = Array.from({ length: count }, () => cluster.fork());
  const ports = await Promise.all(
    workers.map(
      (worker) => new Promise<number>((resolve) => worker.once('listening', (address) => resolve(address.port))),
    ),
  );
  const stop = () => {
    for (const worker of workers) worker.kill();
    process.exit(0);
  };
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stop') stop();
  });
  process.on('disconnect', stop);
  process.send!({ type: 'ready', port: ports[0], pids: workers.map((worker) => worker.process.pid) });
}

async function main() {
  const options = JSON.parse(process.argv[2]) as BareOptions;
  if ((options.workers ?? 1) > 1 && cluster.isPrimary) return primary(options.workers!);
  const reader = await pageReader(options);
  const app = Fastify({ logger: false });
  app.get('/api/deals', async () => ({ items: await reader.read() }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stop')
      void app
        .close()
        .then(() => reader.close())
        .finally(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  if (cluster.isPrimary)
    process.send!({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
