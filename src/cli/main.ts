import cluster, { type Worker } from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import { createOrganisation } from '../commands/create-organisation.js';
import { createUser } from '../commands/create-user.js';
import { DEMO_PASSWORD, type DemoResult, seedDemo } from '../commands/seed-demo.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { createNotifiers, sendNotification } from '../jobs/notifiers/index.js';
import { createScheduler } from '../jobs/scheduler.js';
import { buildApp } from '../server/app.js';
import { createDb, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { countOrganisations, loadOrgContext } from '../store/queries/org.js';
import { progressBar } from './progress.js';

const USAGE = `taizhang <command>

  serve [--demo]         start the server (migrates first; --demo seeds demo data on an empty database
                         unless TAIZHANG_DEMO=0)
  migrate                bring the database schema up to date
  seed-demo              seed the demo organisation into an empty database
  create-admin --email E --password P [--name N] [--org ORG_ID]
                         add an admin (creates the organisation on an empty database)
  backup <file>          consistent online copy of the SQLite database (on PostgreSQL: prints the pg_dump command)

Configuration comes from the environment: PORT, HOST, DATA_DIR, DATABASE_URL, TAIZHANG_DEMO,
TAIZHANG_ADMIN_EMAIL, TAIZHANG_ADMIN_PASSWORD, TAIZHANG_TIMEZONE, TAIZHANG_WORKERS (see README).`;

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function openDatabase(config: Config): Promise<Db> {
  return createDb(config.databaseUrl);
}

function printDemo(result: DemoResult, adminEmail: string | undefined): void {
  console.log(
    `Demo data: ${result.counts.accounts} accounts, ${result.counts.contacts} contacts, ${result.counts.deals} deals, ${result.counts.followups} follow-ups.`,
  );
  console.log('Demo sign-ins (one per role):');
  for (const user of result.users) {
    const password = user.role === 'admin' && adminEmail ? '(TAIZHANG_ADMIN_PASSWORD)' : DEMO_PASSWORD;
    console.log(`  ${user.role.padEnd(9)} ${user.email.padEnd(26)} ${password}   ${user.name}`);
  }
}

/** On an empty database: the bootstrap admin and/or the demo organisation. */
async function bootstrap(db: Db, config: Config, demo: boolean): Promise<void> {
  if ((await countOrganisations(db.kysely)) > 0) return;
  const admin =
    config.adminEmail && config.adminPassword
      ? { email: config.adminEmail, password: config.adminPassword }
      : undefined;
  if (demo) {
    const result = await seedDemo(db.kysely, {
      now: new Date(),
      timezone: config.timezone,
      admin,
      onProgress: progressBar('Seeding demo data'),
    });
    printDemo(result, admin?.email);
  } else if (admin) {
    await createOrganisation(
      db.kysely,
      { name: 'Taizhang', timezone: config.timezone, admin: { name: 'Admin', ...admin } },
      new Date(),
    );
    console.log(`Created organisation with admin ${admin.email}.`);
  } else {
    console.log(
      'The database is empty: set TAIZHANG_ADMIN_EMAIL and TAIZHANG_ADMIN_PASSWORD (or TAIZHANG_DEMO=1) and start again, or run `taizhang create-admin`.',
    );
  }
}

async function serve(args: string[]): Promise<void> {
  const config = loadConfig(process.env, { demo: args.includes('--demo') });
  // A worker of a several-process server: the primary has migrated and bootstrapped already.
  if (cluster.isWorker) return serveOneProcess(config, { worker: Number(process.env.TAIZHANG_WORKER_INDEX ?? 0) });
  const db = await openDatabase(config);
  const applied = await migrate(db);
  if (applied.length > 0) console.log(`Migrated the ${db.engine} database (applied ${applied.join(', ')}).`);
  await bootstrap(db, config, config.demo);
  if (config.workers > 1) {
    const engine = db.engine;
    await db.close();
    return superviseWorkers(config, engine);
  }
  return serveOneProcess(config, { db });
}

function announce(config: Config, engine: string, port: number, workers: number): void {
  const shownHost =
    config.host === '0.0.0.0' || config.host === '::' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const where = engine === 'sqlite' ? `, ${config.databaseUrl.replace(/^sqlite:(\/\/)?/, '')}` : '';
  console.log(
    `Taizhang is running on http://${shownHost}:${port}  (database: ${engine}${where}${workers > 1 ? `; ${workers} processes` : ''})`,
  );
  console.log(`API docs: http://${shownHost}:${port}/api/docs`);
}

/**
 * One server process: the app, and the scheduler unless another process runs it (with several workers,
 * worker 0 does). Alone it announces itself; a worker leaves that to the primary.
 */
async function serveOneProcess(config: Config, options: { db?: Db; worker?: number }): Promise<void> {
  const db = options.db ?? (await openDatabase(config));
  const notifiers = createNotifiers({ smtp: config.smtp });
  const app = await buildApp({
    db,
    dataDir: config.dataDir,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
    publicUrl: config.publicUrl,
    channelSender: (channel, message, now) => sendNotification(notifiers, channel, message, now),
  });
  const scheduler = createScheduler({
    db,
    clock: () => new Date(),
    notifiers,
    baseUrl: config.publicUrl,
    log: app.log,
  });
  if (config.scheduler && (options.worker ?? 0) === 0) scheduler.start();
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  if (options.worker === undefined)
    announce(config, db.engine, typeof address === 'object' && address ? address.port : config.port, 1);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await scheduler.stop();
      await app.close();
      await db.close();
      process.exit(0);
    })();
    return stopping;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A worker whose primary is gone stops as well.
  if (options.worker !== undefined) process.once('disconnect', stop);
}

/** A worker that stops this soon after starting, this often in a row, is not started again. */
const QUICK_EXIT_MS = 5_000;
const QUICK_EXITS_ALLOWED = 3;

/**
 * The primary of a several-process server: starts `config.workers` workers sharing the port (node:cluster),
 * starts a stopped one again, and stops them all on SIGINT/SIGTERM. With SQLite every worker opens the same
 * file: reads run side by side, writes take the database's write lock in turn (store/db.ts).
 */
function superviseWorkers(config: Config, engine: string): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    let announced = false;
    const listening = new Set<number>();
    const quickExits = new Map<number, number>();
    const running = new Map<number, Worker>();
    const start = (index: number) => {
      const startedAt = Date.now();
      const worker = cluster.fork({ TAIZHANG_WORKER_INDEX: String(index) });
      running.set(index, worker);
      worker.on('listening', (address) => {
        listening.add(index);
        if (!announced && listening.size === config.workers) {
          announced = true;
          announce(config, engine, address.port, config.workers);
        }
      });
      worker.on('exit', (code, signal) => {
        running.delete(index);
        listening.delete(index);
        if (stopping) {
          if (running.size === 0) resolve();
          return;
        }
        const quick = Date.now() - startedAt < QUICK_EXIT_MS ? (quickExits.get(index) ?? 0) + 1 : 0;
        quickExits.set(index, quick);
        if (quick > QUICK_EXITS_ALLOWED) {
          console.error(`Worker ${index} keeps stopping (${signal ?? `exit code ${code}`}); stopping the server.`);
          stopAll(1);
          return;
        }
        console.error(`Worker ${index} stopped (${signal ?? `exit code ${code}`}); starting it again.`);
        setTimeout(() => start(index), 1_000);
      });
    };
    const stopAll = (exitCode: number) => {
      stopping = true;
      process.exitCode = exitCode;
      if (running.size === 0) resolve();
      for (const worker of running.values()) worker.process.kill('SIGTERM');
    };
    process.once('SIGINT', () => stopAll(0));
    process.once('SIGTERM', () => stopAll(0));
    for (let index = 0; index < config.workers; index++) start(index);
  });
}

async function createAdmin(args: string[]): Promise<void> {
  const config = loadConfig(process.env);
  const email = flag(args, '--email') ?? config.adminEmail;
  const password = flag(args, '--password') ?? config.adminPassword;
  const name = flag(args, '--name') ?? 'Admin';
  if (!email || !password)
    throw new Error('create-admin needs --email and --password (or TAIZHANG_ADMIN_EMAIL / TAIZHANG_ADMIN_PASSWORD)');
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const orgs = await db.kysely.selectFrom('organisations').select(['id', 'name']).execute();
    if (orgs.length === 0) {
      await createOrganisation(
        db.kysely,
        { name: 'Taizhang', timezone: config.timezone, admin: { name, email, password } },
        new Date(),
      );
      console.log(`Created organisation and admin ${email}.`);
      return;
    }
    const orgId = flag(args, '--org') ?? (orgs.length === 1 ? orgs[0].id : undefined);
    if (!orgId)
      throw new Error(
        `Several organisations exist: choose one with --org (${orgs.map((o) => `${o.id} ${o.name}`).join('; ')})`,
      );
    const org = await loadOrgContext(db.kysely, orgId);
    if (!org) throw new Error(`No organisation ${orgId}`);
    const now = new Date();
    const user = await createUser(
      { db: db.kysely, org, now, actor: { userId: 'cli', orgId, role: 'admin', teamId: null, name: 'cli' } },
      { name, email, password, role: 'admin' },
    );
    console.log(`Created admin ${user.email} in ${org.name}.`);
  } finally {
    await db.close();
  }
}

async function backup(args: string[]): Promise<void> {
  const target = args[0];
  if (!target) throw new Error('backup needs a target file: taizhang backup <file>');
  const config = loadConfig(process.env);
  if (!config.databaseUrl.startsWith('sqlite:')) {
    const url = new URL(config.databaseUrl);
    console.log('The database is PostgreSQL: back it up with pg_dump, e.g.');
    console.log(
      `  pg_dump --format=custom --file=${target} "${url.protocol}//${url.username ? `${url.username}@` : ''}${url.host}${url.pathname}"`,
    );
    return;
  }
  const db = await openDatabase(config);
  try {
    const resolved = path.resolve(target);
    if (fs.existsSync(resolved)) throw new Error(`${resolved} exists already; choose a new file`);
    const bar = progressBar('Backing up');
    // SQLite's online backup API copies a consistent snapshot while the server keeps writing.
    await db.sqlite!.backup(resolved, {
      progress: ({ totalPages, remainingPages }) => {
        bar(totalPages - remainingPages, totalPages);
        return 200;
      },
    });
    bar(1, 1);
    console.log(`Backup written to ${resolved} (${(fs.statSync(resolved).size / 1024 / 1024).toFixed(1)} MB).`);
  } finally {
    await db.close();
  }
}

/** Entry point of `taizhang` (bin/taizhang.js) and `npm start`. */
export async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(args);
      case 'migrate': {
        const config = loadConfig(process.env);
        const db = await openDatabase(config);
        const applied = await migrate(db);
        console.log(applied.length > 0 ? `Applied migrations ${applied.join(', ')}.` : 'The schema is up to date.');
        await db.close();
        return;
      }
      case 'seed-demo': {
        const config = loadConfig(process.env);
        const db = await openDatabase(config);
        await migrate(db);
        if ((await countOrganisations(db.kysely)) > 0) {
          await db.close();
          throw new Error('The database already has data: the demo is seeded into an empty database only.');
        }
        await bootstrap(db, config, true);
        await db.close();
        return;
      }
      case 'create-admin':
        return await createAdmin(args);
      case 'backup':
        return await backup(args);
      default:
        console.log(USAGE);
        if (command && command !== 'help' && command !== '--help') process.exitCode = 1;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
