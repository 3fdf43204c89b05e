import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.js';
import type { Engine } from '../src/store/db.js';
import { CpuMeter, waitForQuiet } from './cpu.js';
import { BASE_MS, BASE_NOW, prng, SEARCH_SAMPLES } from './data-gen.js';
import { openCaptureDb, percentile, type Replayer, type Statement, writeSubstitution } from './raw.js';
import {
  ADMIN_EMAIL,
  BENCH_APPLICATION_NAME,
  benchTarget,
  ensureSeeded,
  openTarget,
  PASSWORD,
  type SeedMeta,
} from './seed.js';

/**
 * `npm run bench -- --deals 1000000 [--db sqlite|postgres] [--json] [--reseed]`
 *
 * Seeds (or reuses) a benchmark database, starts the real server (buildApp) in a child process on a
 * random loopback port, and measures each endpoint over HTTP with autocannon: latency at one connection
 * (service time, no queueing), list throughput at 50 connections, and beside each latency the same SQL
 * replayed on the bare driver (see raw.ts). Prints a table, or JSON with --json.
 */

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

interface Options {
  deals: number;
  engine: Engine;
  json: boolean;
  reseed: boolean;
  /** Seed (or migrate the reused seed) and stop, measuring nothing. */
  seedOnly: boolean;
  /** Seconds per measured endpoint (after a warm-up of a third of it, at most 1 s). */
  duration: number;
  /** Connections for the latency runs. */
  connections: number;
  throughputConnections: number;
  throughputDuration: number;
  /** Server processes (TAIZHANG_WORKERS), for the app and the bare reference alike. */
  workers: number;
  /** Only run scenarios whose name contains this text. */
  only?: string;
  /** Print the plans of each scenario's statements instead of measuring. */
  explain: boolean;
  /** CPU cores other processes may use during a run before it is repeated. */
  noise: number;
  /** Measurements per endpoint at most while the machine is busy (the quietest is kept). */
  attempts: number;
  /** Seconds to wait for a quiet machine before each measurement. */
  quietWaitSeconds: number;
  /** What-if experiments: extra SQLite pragmas for the server's connection (e.g. mmap_size=0). */
  pragmas: string[];
  /** What-if experiments: PostgreSQL session settings for the server's pool. */
  pgSettings: Record<string, string>;
  logLevel: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    deals: 10_000,
    engine: 'sqlite',
    json: false,
    reseed: false,
    seedOnly: false,
    duration: 3,
    connections: 1,
    throughputConnections: 50,
    throughputDuration: 5,
    workers: 1,
    logLevel: 'silent',
    explain: false,
    noise: 0.3,
    attempts: 3,
    quietWaitSeconds: 60,
    pragmas: [],
    pgSettings: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--deals':
        options.deals = Number(value().replace(/_/g, ''));
        break;
      case '--db': {
        const engine = value();
        if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('--db is sqlite or postgres');
        options.engine = engine;
        break;
      }
      case '--json':
        options.json = true;
        break;
      case '--reseed':
        options.reseed = true;
        break;
      case '--seed-only':
        options.seedOnly = true;
        break;
      case '--duration':
        options.duration = Number(value());
        break;
      case '--connections':
        options.connections = Number(value());
        break;
      case '--throughput-connections':
        options.throughputConnections = Number(value());
        break;
      case '--throughput-duration':
        options.throughputDuration = Number(value());
        break;
      case '--only':
        options.only = value();
        break;
      case '--workers':
        options.workers = Number(value());
        break;
      case '--explain':
        options.explain = true;
        break;
      case '--noise':
        options.noise = Number(value());
        break;
      case '--attempts':
        options.attempts = Number(value());
        break;
      case '--quiet-wait':
        options.quietWaitSeconds = Number(value());
        break;
      case '--pragma':
        options.pragmas.push(value());
        break;
      case '--pg-setting': {
        const [name, setting] = value().split('=');
        if (!/^[a-z_]+$/.test(name ?? '') || !/^[\w.]+$/.test(setting ?? ''))
          throw new Error('--pg-setting takes name=value');
        options.pgSettings[name] = setting;
        break;
      }
      case '--log-level':
        options.logLevel = value();
        break;
      case '--help':
      case '-h':
        console.log(
          'npm run bench -- [--deals N] [--db sqlite|postgres] [--json] [--reseed] [--seed-only] [--duration s] [--connections c] [--throughput-connections c] [--workers n] [--only text] [--explain] [--noise cores] [--attempts n] [--quiet-wait s] [--pragma name=value] [--pg-setting name=value] [--log-level level]',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  if (!Number.isInteger(options.deals) || options.deals < 100) throw new Error('--deals must be an integer ≥ 100');
  return options;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

// ---------------------------------------------------------------------------------------------------
// The server under test

interface ServerMemory {
  rssMb: number;
  peakRssMb: number;
  anonMb: number;
  fileMb: number;
  heapUsedMb: number;
}

class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly workerPids: number[],
  ) {}

  /** The server's processes: the forked one, and its workers when it runs several. */
  get pids(): number[] {
    return [this.child.pid!, ...this.workerPids];
  }

  static start(
    options: {
      url: string;
      pgSchema?: string;
      logLevel: string;
      pragmas: string[];
      pgSettings: Record<string, string>;
      workers?: number;
    },
    script = 'server.ts',
  ): Promise<ServerProcess> {
    // Forked with the parent's tsx loader flags; the loader only transforms at import, so request
    // handling runs the same JavaScript the compiled build would.
    const child = fork(path.join(BENCH_DIR, script), [JSON.stringify({ ...options, baseNow: BASE_NOW })], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      child.once('message', (message: { type: string; port: number; pids?: number[] }) => {
        if (message.type === 'ready') resolve(new ServerProcess(child, message.port, message.pids ?? []));
      });
    });
  }

  memory(): Promise<ServerMemory> {
    return new Promise((resolve) => {
      const onMessage = (message: { type: string } & ServerMemory) => {
        if (message.type !== 'mem') return;
        this.child.off('message', onMessage);
        resolve(message);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'mem' });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.removeAllListeners('exit');
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'stop' });
      setTimeout(() => this.child.kill('SIGKILL'), 5000).unref();
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// HTTP load

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(port: number, email: string): Promise<Session> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

interface LoadResult {
  latencies: number[];
  non2xx: number;
  errors: number;
  seconds: number;
  statuses: Map<number, number>;
}

/**
 * Runs a measurement when the machine is quiet and repeats it (up to --attempts times) while other
 * processes took more than --noise cores during it; keeps the quietest attempt. Writes are repeated with
 * fresh deals, so repeating them is harmless.
 */
async function measureQuietly(options: Options, pids: number[], serverPids: number[], run: () => Promise<LoadResult>) {
  let best: { run: LoadResult; cpu: ReturnType<CpuMeter['read']>; serverCpu: ReturnType<CpuMeter['read']> } | undefined;
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    const before = await waitForQuiet(pids, options.noise, options.quietWaitSeconds * 1000);
    if (before >= options.noise)
      log(`  (machine busy: other processes use ${before.toFixed(2)} cores; measuring anyway)`);
    const meter = new CpuMeter(pids);
    const serverMeter = new CpuMeter(serverPids);
    const result = await run();
    const current = { run: result, cpu: meter.read(), serverCpu: serverMeter.read() };
    if (!best || current.cpu.otherCores < best.cpu.otherCores) best = current;
    if (current.cpu.otherCores < options.noise) break;
    log(`  (other processes used ${current.cpu.otherCores.toFixed(2)} cores during the run: measuring again)`);
  }
  return best!;
}

/**
 * A signed-in request's headers. Latency is measured with `Cache-Control: no-cache`, so a ledger page is read
 * from the database every time rather than from the page cache (commands/list-deals); `cached` leaves the
 * cache in play.
 */
function requestHeaders(
  session: Session,
  request: Request,
  options: { cached?: boolean } = {},
): Record<string, string> {
  return {
    cookie: session.cookie,
    'x-csrf-token': session.csrf,
    'accept-language': 'zh-CN',
    ...(options.cached ? {} : { 'cache-control': 'no-cache' }),
    ...(request.body ? { 'content-type': 'application/json' } : {}),
  };
}

/** The request answered in-process by the parent's app (same code, own connection) for up to `seconds`; median ms. */
async function injectMedian(
  app: Awaited<ReturnType<typeof buildApp>>,
  session: Session,
  scenario: { request: Request; next?: () => Request },
  seconds: number,
): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  const times: number[] = [];
  for (let i = 0; i < 300 && (i < 3 || Date.now() < deadline); i++) {
    const request = scenario.next ? scenario.next() : scenario.request;
    const started = performance.now();
    await app.inject({
      method: request.method,
      url: request.path,
      payload: request.body,
      headers: requestHeaders(session, request),
    });
    times.push(performance.now() - started);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

/** Sequential requests for up to `seconds` (at least 3): JIT, caches and pages warm; returns the median ms. */
async function warmUp(
  port: number,
  session: Session,
  scenario: { request: Request; next?: () => Request },
  seconds: number,
): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  const times: number[] = [];
  for (let i = 0; i < 500 && (i < 3 || Date.now() < deadline); i++) {
    const request = scenario.next ? scenario.next() : scenario.request;
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${request.path}`, {
      method: request.method,
      body: request.body,
      headers: requestHeaders(session, request),
    });
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

function load(
  port: number,
  session: Session,
  options: {
    connections: number;
    seconds: number;
    amount?: number;
    request: Request;
    next?: () => Request;
    cached?: boolean;
  },
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const headers = requestHeaders(session, options.request, { cached: options.cached });
  if (options.request.method === 'POST') headers['content-type'] = 'application/json';
  const next = options.next;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.seconds }),
        timeout: 30,
        headers,
        requests: [
          {
            method: options.request.method,
            path: options.request.path,
            ...(options.request.body ? { body: options.request.body } : {}),
            ...(next
              ? {
                  setupRequest: (req: autocannon.Request) => {
                    const r = next();
                    return { ...req, method: r.method, path: r.path, body: r.body };
                  },
                }
              : {}),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          latencies,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          seconds: result.duration,
          statuses,
        });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Scenarios

type Group = 'list' | 'list+total' | 'detail' | 'write' | 'report' | 'throughput';

interface Scenario {
  name: string;
  group: Group;
  /** p95 target in ms, when the brief sets one. */
  target?: number;
  /** Who asks (default admin). */
  as?: 'admin' | 'manager' | 'sales';
  request: Request;
  /** A different request each time (random ids, fresh deals for writes). */
  next?: () => Request;
  /** Statement substitution for each raw replay; returning null ends the replay early (pool used up). */
  replay?: () => ((value: unknown) => unknown) | null;
  /** Runs before the scenario (e.g. picks the deals a write will use). */
  prepare?: () => Promise<void>;
}

interface Result {
  name: string;
  group: Group;
  p50: number;
  p95: number;
  /** The same request answered in-process (app.inject, no socket): the app's share without HTTP. */
  appP50?: number;
  rawP50: number | null;
  ratio: number | null;
  rps: number;
  samples: number;
  non2xx: number;
  errors: number;
  target?: number;
  met?: boolean;
  missing?: boolean;
  statuses?: Record<string, number>;
  /** The slowest captured statements, for finding out where raw time goes. */
  statements?: { ms: number; sql: string }[];
  /** CPU cores used by other processes on the machine during the measured run (noise). */
  otherCores?: number;
  /** CPU cores used by the server process during the measured run. */
  serverCores?: number;
  /** Server RSS right after the run. */
  rssAfterMb?: number;
}

const round = (value: number) => Math.round(value * 100) / 100;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const target = benchTarget(options.engine, options.deals);
  const seedStarted = Date.now();
  const { meta, reused } = await ensureSeeded(target, { reseed: options.reseed });
  log(
    reused
      ? `reusing the seeded ${options.engine} database (${meta.deals.toLocaleString('en-US')} deals, seeded in ${meta.seedSeconds}s on ${meta.seededAt})`
      : `seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)}s`,
  );
  if (options.seedOnly) return;

  const base = await openTarget(target, 4);
  const capture = await openCaptureDb(target);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-capture-'));
  const started = Date.now();
  const clock = () => new Date(BASE_MS + (Date.now() - started));
  const captureApp = await buildApp({ db: capture.db, dataDir, clock });
  const replayer = await capture.replayer();
  const server = await ServerProcess.start({
    url: target.url,
    pgSchema: target.pgSchema,
    logLevel: options.logLevel,
    pragmas: options.pragmas,
    pgSettings: options.pgSettings,
    workers: options.workers,
  });
  if (options.pragmas.length > 0)
    log(`what-if: the server's SQLite connection also runs PRAGMA ${options.pragmas.join('; PRAGMA ')}`);
  if (Object.keys(options.pgSettings).length > 0)
    log(`what-if: the server's PostgreSQL sessions use ${JSON.stringify(options.pgSettings)}`);
  let peakSeen = 0;
  const memoryPoll = setInterval(() => {
    void server.memory().then((m) => {
      peakSeen = Math.max(peakSeen, m.rssMb);
    });
  }, 1000);
  const results: Result[] = [];
  let throughput: Throughput | undefined;
  try {
    const manager = meta.users.find((u) => u.role === 'manager')!;
    const rep = meta.users.find((u) => u.role === 'sales')!;
    const sessions = {
      admin: await signIn(server.port, ADMIN_EMAIL),
      manager: await signIn(server.port, manager.email),
      sales: await signIn(server.port, rep.email),
    };
    const captureSessions = {
      admin: await injectSignIn(captureApp, ADMIN_EMAIL),
      manager: await injectSignIn(captureApp, manager.email),
      sales: await injectSignIn(captureApp, rep.email),
    };
    const scenarios = await buildScenarios(base, meta, rep.id);
    // Our own processes: this one, the server and (on PostgreSQL) the backends serving either of them.
    const ownPids = async () => {
      const pids = [process.pid, ...server.pids];
      if (options.engine === 'postgres') {
        const rows = await sql<{
          pid: number;
        }>`SELECT pid FROM pg_stat_activity WHERE application_name = ${BENCH_APPLICATION_NAME}`.execute(base.kysely);
        pids.push(...rows.rows.map((r) => r.pid));
      }
      return pids;
    };
    const selected = scenarios.filter(
      (s) => !options.only || s.name.includes(options.only) || s.group.includes(options.only),
    );

    for (const scenario of selected) {
      await scenario.prepare?.();
      const as = scenario.as ?? 'admin';
      // Capture first: the in-process app answers the same request while Kysely's log records its SQL.
      const first = scenario.next ? scenario.next() : scenario.request;
      let status = 0;
      const statements = await capture.capture(async () => {
        const res = await captureApp.inject({
          method: first.method,
          url: first.path,
          payload: first.body,
          headers: requestHeaders(captureSessions[as], first),
        });
        status = res.statusCode;
      });
      if (status === 404 && scenario.group === 'report') {
        log(`${scenario.name}: MISSING (404 — the route is not there yet)`);
        results.push({
          name: scenario.name,
          group: scenario.group,
          p50: NaN,
          p95: NaN,
          rawP50: null,
          ratio: null,
          rps: 0,
          samples: 0,
          non2xx: 0,
          errors: 0,
          target: scenario.target,
          missing: true,
        });
        continue;
      }
      if (status >= 300) log(`${scenario.name}: the capture request answered ${status}`);
      if (options.explain) {
        await explainScenario(replayer, scenario, statements);
        continue;
      }

      const typical = await warmUp(server.port, sessions[as], scenario, Math.min(1, options.duration / 3));
      // Slow endpoints get a fixed number of requests instead of a duration, so p50/p95 rest on more than
      // one or two samples (and no request is left running into the next measurement).
      const amount =
        typical * 20 > options.duration * 1000
          ? Math.min(20, Math.max(5, Math.ceil((options.duration * 1000) / typical)))
          : undefined;
      const { run, cpu, serverCpu } = await measureQuietly(options, await ownPids(), server.pids, () =>
        load(server.port, sessions[as], {
          connections: options.connections,
          seconds: options.duration,
          amount,
          request: scenario.request,
          next: scenario.next,
        }),
      );
      const sorted = run.latencies.sort((a, b) => a - b);
      const raw = await replayRaw(replayer, statements, scenario);
      const appP50 = await injectMedian(captureApp, captureSessions[as], scenario, Math.min(1.5, options.duration / 2));
      const p50 = percentile(sorted, 50);
      const p95 = percentile(sorted, 95);
      const result: Result = {
        name: scenario.name,
        group: scenario.group,
        p50: round(p50),
        p95: round(p95),
        appP50: round(appP50),
        rawP50: raw ? round(raw.p50) : null,
        ratio: raw ? round(p50 / raw.p50) : null,
        rps: Math.round(sorted.length / run.seconds),
        samples: sorted.length,
        non2xx: run.non2xx,
        errors: run.errors,
        target: scenario.target,
        met: scenario.target === undefined ? undefined : p95 < scenario.target && run.non2xx === 0,
        statuses: Object.fromEntries(run.statuses),
        statements: raw?.statements,
        otherCores: round(cpu.otherCores),
        serverCores: round(serverCpu.ownCores),
      };
      results.push(result);
      const mem = await server.memory();
      result.rssAfterMb = Math.round(mem.rssMb);
      log(
        `${scenario.name.padEnd(34)} p50 ${result.p50.toFixed(2).padStart(8)}  p95 ${result.p95.toFixed(2).padStart(8)}  app ${result.appP50!.toFixed(2).padStart(8)}  raw ${result.rawP50 === null ? '     —' : result.rawP50.toFixed(2).padStart(8)}  n=${result.samples}  server ${result.serverCores} cores, others ${result.otherCores}  rss ${result.rssAfterMb} MB${run.non2xx ? `  non-2xx ${JSON.stringify(result.statuses)}` : ''}`,
      );
    }

    if (!options.explain && (!options.only || 'throughput'.includes(options.only))) {
      const request: Request = { method: 'GET', path: '/api/deals?limit=50&count=false' };
      // The same page asked for again and again, as a team reloading its ledger does: answered from the page
      // cache. Then with Cache-Control: no-cache, as if every request asked for a page never asked before.
      const measure = async (cached: boolean) => {
        await load(server.port, sessions.admin, {
          connections: options.throughputConnections,
          seconds: 1,
          request,
          cached,
        });
        const { run, cpu, serverCpu } = await measureQuietly(options, await ownPids(), server.pids, () =>
          load(server.port, sessions.admin, {
            connections: options.throughputConnections,
            seconds: options.throughputDuration,
            request,
            cached,
          }),
        );
        const sorted = run.latencies.sort((a, b) => a - b);
        return {
          rps: Math.round(sorted.length / run.seconds),
          p50: round(percentile(sorted, 50)),
          p95: round(percentile(sorted, 95)),
          non2xx: run.non2xx,
          errors: run.errors,
          serverCores: round(serverCpu.ownCores),
          otherCores: round(cpu.otherCores),
        };
      };
      throughput = {
        connections: options.throughputConnections,
        ...(await measure(true)),
        uncached: await measure(false),
      };
      // The same load on a bare fastify + driver endpoint over the same database: the reference.
      const bare = await ServerProcess.start(
        {
          url: target.url,
          pgSchema: target.pgSchema,
          logLevel: options.logLevel,
          pragmas: [],
          pgSettings: {},
          workers: options.workers,
        },
        'bare-server.ts',
      );
      try {
        await load(bare.port, sessions.admin, { connections: options.throughputConnections, seconds: 1, request });
        const reference = await measureQuietly(options, await ownPids(), bare.pids, () =>
          load(bare.port, sessions.admin, {
            connections: options.throughputConnections,
            seconds: options.throughputDuration,
            request,
          }),
        );
        throughput.bareRps = Math.round(reference.run.latencies.length / reference.run.seconds);
        throughput.bareServerCores = round(reference.serverCpu.ownCores);
      } finally {
        await bare.stop();
      }
      log(
        `list throughput at ${throughput.connections} connections: ${throughput.rps} req/s (p50 ${throughput.p50} ms, p95 ${throughput.p95} ms); read anew every time: ${throughput.uncached!.rps} req/s; bare fastify + driver page of 50: ${throughput.bareRps} req/s`,
      );
    }
  } finally {
    clearInterval(memoryPoll);
    const memory = await server.memory();
    await server.stop();
    await replayer.close();
    await captureApp.close();
    await capture.close();
    await base.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    report(options, meta, reused, results, throughput, { ...memory, peakSeen });
  }
}

async function injectSignIn(app: Awaited<ReturnType<typeof buildApp>>, email: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`in-process sign-in failed: ${res.statusCode}`);
  const cookie = res.cookies.find((c) => c.name === 'tz_session')!;
  return { cookie: `tz_session=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

/** Prints the plan and a timing of each statement a read request sends (auth and org context left out). */
async function explainScenario(replayer: Replayer, scenario: Scenario, statements: Statement[]): Promise<void> {
  log(`\n=== ${scenario.name}`);
  if (scenario.group === 'write') {
    for (const statement of statements) log(`  ${statement.sql}`);
    return;
  }
  for (const statement of statements) {
    if (/from "(sessions|organisations|pipeline_stages)"/.test(statement.sql)) continue;
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push(await replayer.run([statement]));
    log(
      `-- ${times.sort((a, b) => a - b)[1].toFixed(2)} ms: ${statement.sql}\n   params ${JSON.stringify(statement.parameters).slice(0, 300)}`,
    );
    log(await replayer.explain(statement));
  }
}

/** Replays the captured statements for up to ~1.5 s (at least 5, at most 400 times); p50 in ms. */
async function replayRaw(
  replayer: Replayer,
  statements: Statement[],
  scenario: Scenario,
): Promise<{ p50: number; statements: { ms: number; sql: string }[] } | null> {
  if (statements.length === 0) return null;
  const times: number[] = [];
  const deadline = Date.now() + 1500;
  for (let i = 0; i < 400 && (i < 5 || Date.now() < deadline); i++) {
    const substitute = scenario.replay ? scenario.replay() : undefined;
    if (substitute === null) break;
    times.push(await replayer.run(statements, substitute));
  }
  // Each statement once more on its own, to show where the raw time goes.
  const perStatement: { ms: number; sql: string }[] = [];
  if (scenario.group !== 'write') {
    for (const statement of statements) {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) samples.push(await replayer.run([statement]));
      perStatement.push({ ms: round(samples.sort((a, b) => a - b)[2]), sql: statement.sql });
    }
  }
  return {
    p50: percentile(
      times.sort((a, b) => a - b),
      50,
    ),
    statements: perStatement.sort((a, b) => b.ms - a.ms).slice(0, 3),
  };
}

/** The endpoints the brief lists, each with how to vary it and how to replay its SQL. */
async function buildScenarios(
  base: Awaited<ReturnType<typeof openTarget>>,
  meta: SeedMeta,
  repId: string,
): Promise<Scenario[]> {
  const db = base.kysely;
  const rng = prng(99);
  // A reproducible sample of live deal ids for detail reads and follow-ups.
  const allIds = (
    await db.selectFrom('deals').select('id').where('deleted_at', 'is', null).orderBy('id').execute()
  ).map((r) => r.id);
  const sample = Array.from(
    { length: Math.min(20_000, allIds.length) },
    () => allIds[Math.floor(rng() * allIds.length)],
  );
  allIds.length = 0;
  let cursor = 0;
  const nextSample = () => sample[cursor++ % sample.length];
  const generatedFrom = idPrefix(BASE_MS);

  const list = (name: string, query: string, as?: Scenario['as']): Scenario[] => [
    {
      name,
      group: 'list',
      target: 20,
      as,
      request: { method: 'GET', path: `/api/deals?limit=50&count=false${query}` },
    },
    {
      name: `${name} +total`,
      group: 'list+total',
      as,
      request: { method: 'GET', path: `/api/deals?limit=50${query}` },
    },
  ];
  const q = (text: string) => `&q=${encodeURIComponent(text)}`;

  // Stage moves: each request a different open deal in lead/qualified with the version read just before
  // the run, moved to the other of the two (neither requires a field). Least recently touched first, so
  // deals moved by an earlier run come last.
  let moves: { id: string; version: number; stage: string }[] = [];
  let moveIndex = 0;
  // Replays need deals at version 1 in lead (the captured request moved such a deal lead → qualified).
  let replayDeals: string[] = [];
  let replayIndex = 0;
  let capturedDeal = '';

  const followupBody = JSON.stringify({
    channel: 'call',
    verbatim: '客户表示预算已批，希望下周安排技术交流。',
    summary: '预算确认',
    nextStep: '安排技术交流',
    nextStepDue: '2026-03-09',
    resourcesNeeded: ['售前支持'],
  });

  return [
    ...list('list default sort', ''),
    ...list('list sort=amount', '&sort=amount'),
    ...list('list sort=-expectedCloseDate', '&sort=-expectedCloseDate'),
    ...list('list sort=lastFollowupAt', '&sort=lastFollowupAt'),
    ...list('list stage=proposal', '&stage=proposal'),
    ...list('list ownerId', `&ownerId=${repId}`),
    ...list('list light=red', '&light=red'),
    ...list('list light=yellow', '&light=yellow'),
    ...list('list stalledDays=7', '&stalledDays=7'),
    ...list('list closeFrom/closeTo', '&closeFrom=2026-04-01&closeTo=2026-04-30'),
    ...list('list amountMin/amountMax', '&amountMin=100000000&amountMax=200000000'),
    ...list(`list q=${SEARCH_SAMPLES.zhBrand} (zh, selective)`, q(SEARCH_SAMPLES.zhBrand)),
    ...list(`list q=${SEARCH_SAMPLES.zhBroad} (zh, broad)`, q(SEARCH_SAMPLES.zhBroad)),
    ...list(`list q=${SEARCH_SAMPLES.latinPrefix} (latin prefix)`, q(SEARCH_SAMPLES.latinPrefix)),
    ...list('list as manager (team)', '', 'manager'),
    ...list('list as sales rep (own+shared)', '', 'sales'),
    {
      name: 'deal detail',
      group: 'detail',
      target: 10,
      request: { method: 'GET', path: `/api/deals/${sample[0]}` },
      next: () => ({ method: 'GET', path: `/api/deals/${nextSample()}` }),
      prepare: async () => {
        cursor = 0;
      },
      replay: () => {
        const id = nextSample();
        return (value) => (value === sample[0] ? id : value);
      },
    },
    {
      name: 'stage move',
      group: 'write',
      target: 10,
      request: { method: 'POST', path: '/api/deals/x/stage', body: '{}' },
      prepare: async () => {
        // Replays need deals at version 1 in lead, as the captured request moved one lead → qualified.
        const pool = await db
          .selectFrom('deals')
          .select('id')
          .where('org_id', '=', meta.orgId)
          .where('stage', '=', 'lead')
          .where('version', '=', 1)
          .where('deleted_at', 'is', null)
          .orderBy('id', 'desc')
          .limit(401)
          .execute();
        capturedDeal = pool[0].id;
        replayDeals = pool.slice(1).map((r) => r.id);
        replayIndex = 0;
        firstMove = { id: capturedDeal, version: 1, stage: 'lead' };
        const reserved = new Set(pool.map((r) => r.id));
        const rows = await db
          .selectFrom('deals')
          .select(['id', 'version', 'stage'])
          .where('org_id', '=', meta.orgId)
          .where('stage', 'in', ['lead', 'qualified'])
          .where('deleted_at', 'is', null)
          .orderBy('updated_at')
          .orderBy('id')
          .limit(30_000)
          .execute();
        moves = rows.filter((r) => !reserved.has(r.id));
        moveIndex = 0;
      },
      next: () => {
        if (firstMove) {
          const move = firstMove;
          firstMove = undefined;
          return {
            method: 'POST',
            path: `/api/deals/${move.id}/stage`,
            body: JSON.stringify({ stage: 'qualified', version: move.version }),
          };
        }
        const move = moves[moveIndex++ % moves.length];
        return {
          method: 'POST',
          path: `/api/deals/${move.id}/stage`,
          body: JSON.stringify({ stage: move.stage === 'lead' ? 'qualified' : 'lead', version: move.version }),
        };
      },
      replay: () => {
        const id = replayDeals[replayIndex++];
        return id ? writeSubstitution(capturedDeal, id, generatedFrom) : null;
      },
    },
    {
      name: 'follow-up insert',
      group: 'write',
      target: 10,
      request: { method: 'POST', path: '/api/deals/x/followups', body: followupBody },
      prepare: async () => {
        // Captured on (and replayed over) version-1 deals from the sample's tail; the HTTP run uses its head.
        const tail = sample.slice(sample.length - 2000);
        const rows = await db
          .selectFrom('deals')
          .select('id')
          .where('id', 'in', tail)
          .where('version', '=', 1)
          .execute();
        const ids = [...new Set(rows.map((r) => r.id))];
        capturedDeal = ids[0];
        replayDeals = ids.slice(1, 401);
        replayIndex = 0;
        cursor = 0;
        firstFollowup = capturedDeal;
      },
      next: () => {
        const id = firstFollowup ?? nextSample();
        firstFollowup = undefined;
        return { method: 'POST', path: `/api/deals/${id}/followups`, body: followupBody };
      },
      replay: () => {
        const id = replayDeals[replayIndex++];
        return id ? writeSubstitution(capturedDeal, id, generatedFrom) : null;
      },
    },
    {
      name: 'pipeline summary (everyone)',
      group: 'report',
      target: 150,
      request: { method: 'GET', path: '/api/reports/pipeline' },
    },
    {
      name: 'stalled list (?stalledDays=7)',
      group: 'report',
      target: 100,
      request: { method: 'GET', path: '/api/deals?stalledDays=7' },
    },
    {
      name: 'stalled report (/reports/stalled)',
      group: 'report',
      request: { method: 'GET', path: '/api/reports/stalled?days=7' },
    },
  ];
}

let firstMove: { id: string; version: number; stage: string } | undefined;
let firstFollowup: string | undefined;

function idPrefix(ms: number): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  let out = '';
  let v = ms;
  for (let i = 0; i < 10; i++) {
    out = alphabet[v % 32] + out;
    v = Math.floor(v / 32);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Output

interface ThroughputRun {
  rps: number;
  p50: number;
  p95: number;
  non2xx: number;
  errors: number;
  serverCores: number;
  otherCores: number;
}

/** The default ledger page under load: asked for again and again (page cache), and `uncached` (no-cache). */
interface Throughput extends ThroughputRun {
  connections: number;
  uncached?: ThroughputRun;
  /** The same load on bench/bare-server.ts (fastify + the driver, same page of 50, nothing else). */
  bareRps?: number;
  bareServerCores?: number;
}

function report(
  options: Options,
  meta: SeedMeta,
  reused: boolean,
  results: Result[],
  throughput: Throughput | undefined,
  memory: ServerMemory & { peakSeen: number },
) {
  const rssMb = Math.round(Math.max(memory.peakRssMb, memory.peakSeen));
  if (options.json) {
    console.log(
      JSON.stringify(
        {
          engine: options.engine,
          deals: options.deals,
          workers: options.workers,
          accounts: meta.accounts,
          followups: meta.followups,
          seedSeconds: meta.seedSeconds,
          reusedSeed: reused,
          rssMb,
          rss: {
            peakMb: round(memory.peakRssMb),
            endMb: round(memory.rssMb),
            anonMb: round(memory.anonMb),
            fileMb: round(memory.fileMb),
            heapUsedMb: round(memory.heapUsedMb),
          },
          latencyConnections: options.connections,
          durationSeconds: options.duration,
          results: results.map(({ statements, statuses, ...r }) => ({
            ...r,
            p50: Number.isNaN(r.p50) ? null : r.p50,
            p95: Number.isNaN(r.p95) ? null : r.p95,
            slowestStatements: statements,
          })),
          throughput,
        },
        null,
        2,
      ),
    );
    return;
  }
  const fmt = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(2));
  const lines = [
    `Taizhang API bench — ${options.engine}, ${options.deals.toLocaleString('en-US')} deals, ${meta.accounts.toLocaleString('en-US')} accounts, ${meta.followups.toLocaleString('en-US')} follow-ups (seed ${meta.seedSeconds}s${reused ? ', reused' : ''})${options.workers > 1 ? `; ${options.workers} server processes` : ''}`,
    `latency over HTTP: ${options.connections} connection(s), ${options.duration}s per endpoint after warm-up; app = same request in-process (inject, no socket); raw = the request's SQL replayed on the bare driver; ratio = p50 / raw p50; srv/oth cpu = cores used by the server / by other processes during the run`,
    '',
    `${'endpoint'.padEnd(38)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'app p50'.padStart(8)} ${'raw p50'.padStart(8)} ${'ratio'.padStart(6)} ${'req/s'.padStart(6)} ${'target'.padStart(7)}  ok   ${'srv/oth cpu'}`,
  ];
  for (const r of results) {
    const ok = r.missing ? 'MISSING' : r.target === undefined ? '' : r.met ? 'yes' : 'NO';
    lines.push(
      `${r.name.padEnd(38)} ${fmt(r.p50).padStart(8)} ${fmt(r.p95).padStart(8)} ${fmt(r.appP50).padStart(8)} ${fmt(r.rawP50).padStart(8)} ${(r.ratio === null ? '—' : r.ratio.toFixed(1)).padStart(6)} ${String(r.rps).padStart(6)} ${(r.target === undefined ? '' : `<${r.target}`).padStart(7)}  ${ok.padEnd(4)} ${r.serverCores === undefined ? '' : `${r.serverCores.toFixed(2)}/${r.otherCores!.toFixed(2)}`}${r.non2xx ? ` (non-2xx ${JSON.stringify(r.statuses)})` : ''}`,
    );
  }
  lines.push('');
  if (throughput) {
    const line = (run: ThroughputRun) =>
      `${run.rps} req/s (p50 ${run.p50} ms, p95 ${run.p95} ms, server ${run.serverCores} cores, others ${run.otherCores}${run.non2xx ? `, non-2xx ${run.non2xx}` : ''})`;
    lines.push(
      `list throughput at ${throughput.connections} connections, the same page again and again (page cache): ${line(throughput)} — target ≥ 3000: ${throughput.rps >= 3000 ? 'yes' : 'NO'}`,
    );
    if (throughput.uncached)
      lines.push(`  every request read from the database (Cache-Control: no-cache): ${line(throughput.uncached)}`);
    if (throughput.bareRps) {
      const share = (rps: number) => `${Math.round((100 * rps) / throughput.bareRps!)}%`;
      lines.push(
        `  reference: bare fastify + driver, same page of 50 on the same database: ${throughput.bareRps} req/s (server ${throughput.bareServerCores} cores) — the app does ${share(throughput.rps)} of it from the page cache${throughput.uncached ? `, ${share(throughput.uncached.rps)} reading anew` : ''}`,
      );
    }
  }
  lines.push(
    `server RSS: peak ${rssMb} MB (end ${Math.round(memory.rssMb)} MB = anon ${Math.round(memory.anonMb)} + file-backed ${Math.round(memory.fileMb)}; JS heap ${Math.round(memory.heapUsedMb)} MB) — target < 400: ${rssMb < 400 ? 'yes' : 'NO'}`,
  );
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
