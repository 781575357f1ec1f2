/**
 * Workspace API load benchmark: `npx tsx bench/api-load.ts [--database URL]`.
 *
 * 1. Compiles src/ with tsc into bench/out/api-build (as `npm run build`
 *    does, knowledge-base snapshot included), because the compiled JavaScript
 *    is what an installed `qmsr serve` runs; `--tsx` runs the TypeScript
 *    sources through tsx instead, `--no-build` reuses the last build.
 * 2. Starts `qmsr serve` as its own process (so the load generator does not
 *    share its event loop) on 127.0.0.1, port chosen by the system: first
 *    with the embedded database in a temporary folder, then, with
 *    `--database URL` (a PostgreSQL server; the URL's database is only used
 *    to create and finally drop a new, empty database `qmsr_bench_<random>`),
 *    on PostgreSQL.
 * 3. Seeds each over HTTP: the first administrator and one assessment built
 *    from examples/profiles/iso-certified-class2.json; signs in.
 * 4. For each read route (the item list, one item, /api/explain) runs
 *    autocannon for `--duration` seconds (default 10) with `--connections`
 *    (default 200) signed-in connections, after a 3-second pause (for the
 *    server to drain the previous run) and a 2-second warm-up. Requests send
 *    `Accept-Encoding` as Chromium does (the server sends gzip to such
 *    clients). Then the item list again without compression (no
 *    Accept-Encoding), and while another client changes an item `--changes`
 *    times a second (default 10; 0 skips it), so that answers cannot simply
 *    be reused; then the read routes with `--light` connections (default 10,
 *    a busy team) for context.
 * 5. Prints p50/p99 latency and requests per second, writes
 *    bench/out/api-load.json, and rewrites the generated part of the
 *    "Workspace API" section of docs/benchmarks.md (other sections are kept).
 *
 * Loopback traffic only, bounded duration; the servers, their data and the
 * PostgreSQL database are removed at the end. Options: --connections N,
 * --light N (0: skip), --changes N (0: skip), --duration S, --database URL,
 * --tsx, --no-build, --no-docs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docsFile = join(root, 'docs', 'benchmarks.md');
const buildDir = join(root, 'bench', 'out', 'api-build');
const TARGET_P99_MS = 50;
/** What Chromium sends; the workspace's web app runs in a browser. */
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  requests: { average: number; total: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '200' },
    light: { type: 'string', default: '10' },
    changes: { type: 'string', default: '10' },
    duration: { type: 'string', default: '10' },
    database: { type: 'string' },
    tsx: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
  },
});
const connections = Number(args.connections);
const light = Number(args.light);
const changesPerSecond = Number(args.changes);
const duration = Number(args.duration);
if (!Number.isInteger(connections) || connections < 1 || !(duration > 0 && duration <= 60)) throw new Error('--connections N (≥ 1) and --duration S (≤ 60)');
if (!(changesPerSecond >= 0 && changesPerSecond <= 100)) throw new Error('--changes N (0 to 100 a second)');
if (args.database !== undefined && !/^postgres(ql)?:\/\//.test(args.database)) throw new Error('--database postgres://user@host:port/database');

interface RouteResult {
  name: string;
  connections: number;
  path: string;
  /** Item changes made during the run (the run with concurrent changes), else 0. */
  changes: number;
  /** Whether requests sent Accept-Encoding (a browser's). */
  compressed: boolean;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  rps: number;
  requests: number;
  /** Socket errors and timeouts together. */
  errors: number;
  timeouts: number;
  non2xx: number;
  bytesPerSecond: number;
}

interface BackendResult {
  backend: 'embedded' | 'postgres';
  loadAverage: { start: number[]; end: number[] };
  results: RouteResult[];
}

interface Server {
  entry: string;
  note: string;
}

async function main(): Promise<void> {
  const server = args.tsx ? { entry: join(root, 'bin', 'qmsr.js'), note: 'the TypeScript sources through tsx (`--tsx`)' } : buildServer(!args['no-build']);
  const started = new Date();
  const backends: BackendResult[] = [await runBackend(server, 'embedded')];
  if (args.database) backends.push(await runBackend(server, 'postgres', args.database));
  const out = {
    measuredAt: started.toISOString(),
    server: server.note,
    connections,
    light,
    changesPerSecond,
    durationSeconds: duration,
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    backends,
  };
  mkdirSync(join(root, 'bench', 'out'), { recursive: true });
  writeFileSync(join(root, 'bench', 'out', 'api-load.json'), `${JSON.stringify(out, null, 2)}\n`);
  const section = renderSection(out);
  console.log(`\n${section}`);
  if (!args['no-docs']) writeDocs(section);
}

/** Compile src/ into bench/out/api-build/dist, with kb/ and package.json linked beside it, as `npm run build` does. */
function buildServer(rebuild: boolean): Server {
  const entry = join(buildDir, 'bin', 'qmsr.js');
  if (rebuild || !existsSync(join(buildDir, 'dist', 'cli', 'main.js'))) {
    rmSync(buildDir, { recursive: true, force: true });
    mkdirSync(join(buildDir, 'bin'), { recursive: true });
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(buildDir, 'dist')], {
        cwd: root,
        stdio: 'pipe',
      });
    } catch (err) {
      // tsc still writes JavaScript when other parts of the tree have type errors.
      const text = String((err as { stdout?: Buffer }).stdout ?? '');
      console.error(`api-load: tsc reported type errors (JavaScript was still written):\n${text.split('\n').slice(0, 5).join('\n')}`);
    }
    symlinkSync(join(root, 'kb'), join(buildDir, 'kb'));
    symlinkSync(join(root, 'package.json'), join(buildDir, 'package.json'));
    cpSync(join(root, 'bin', 'qmsr.js'), entry);
    const snapshot = join(root, 'scripts', 'build-kb-snapshot.mjs');
    if (existsSync(snapshot)) execFileSync(process.execPath, [snapshot, join(buildDir, 'dist')], { cwd: root, stdio: 'pipe' });
  }
  if (!existsSync(join(buildDir, 'dist', 'cli', 'main.js'))) throw new Error('the build produced no CLI (bench/out/api-build/dist/cli/main.js); try --tsx');
  return { entry, note: 'the compiled JavaScript, built by tsc into bench/out/api-build' };
}

/** Create a new, empty PostgreSQL database next to the one `adminUrl` names; returns its URL and how to drop it. */
async function scratchDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `qmsr_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

async function runBackend(server: Server, backend: BackendResult['backend'], adminUrl?: string): Promise<BackendResult> {
  const data = mkdtempSync(join(tmpdir(), 'qmsr-api-bench-'));
  const database = adminUrl ? await scratchDatabase(adminUrl) : undefined;
  const load = { start: loadavg(), end: [] as number[] };
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const argv = [server.entry, 'serve', '--data', data, '--port', '0', ...(database ? ['--database', database.url] : [])];
  const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const base = await waitForUrl(() => stderr, 120_000);
    const session = await seed(base);
    const one = `/api/assessments/${session.assessmentId}/items/${encodeURIComponent(session.itemId)}`;
    const routes = [
      { name: 'GET item list', path: `/api/assessments/${session.assessmentId}/items` },
      { name: 'GET one item', path: one },
      { name: 'GET /api/explain', path: '/api/explain?q=820.30(g)' },
    ];
    const plan: { n: number; route: (typeof routes)[number]; changing: boolean; compressed: boolean }[] = [
      ...routes.map((route) => ({ n: connections, route, changing: false, compressed: true })),
      { n: connections, route: routes[0]!, changing: false, compressed: false },
      ...(changesPerSecond > 0 ? [{ n: connections, route: routes[0]!, changing: true, compressed: true }] : []),
      ...(light > 0 ? routes.map((route) => ({ n: light, route, changing: false, compressed: true })) : []),
    ];
    const results: RouteResult[] = [];
    for (const { n, route, changing, compressed } of plan) {
      const headers = { cookie: session.cookie, ...(compressed ? { 'accept-encoding': BROWSER_ACCEPT_ENCODING } : {}) };
      const opts = { url: `${base}${route.path}`, headers, connections: n };
      // Let the server finish what the previous run left queued, so each route is measured on its own.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await autocannon({ ...opts, duration: 2 });
      const writer = changing ? changeItem(base, one, session) : undefined;
      const res = await autocannon({ ...opts, duration });
      const changes = writer ? await writer.stop() : 0;
      const name = [route.name, ...(compressed ? [] : ['no compression']), ...(changing ? [`item changed ${changesPerSecond}×/s`] : [])].join(', ');
      results.push({
        name,
        connections: n,
        path: route.path.replace(session.assessmentId, ':id').replace(encodeURIComponent(session.itemId), ':itemId'),
        changes,
        compressed,
        p50: res.latency.p50,
        p90: res.latency.p90,
        p99: res.latency.p99,
        max: res.latency.max,
        rps: res.requests.average,
        requests: res.requests.total,
        errors: res.errors,
        timeouts: res.timeouts,
        non2xx: res.non2xx,
        bytesPerSecond: res.throughput.average,
      });
      const extra = changing ? `, ${changes} changes` : '';
      console.log(
        `${backend}: ${name}, ${n} connections: p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms, ${res.requests.average.toFixed(0)} req/s, ${res.non2xx} non-2xx, ${res.errors} errors (${res.timeouts} timeouts)${extra}`,
      );
    }
    load.end = loadavg();
    return { backend, loadAverage: load, results };
  } finally {
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
    if (code === 'timeout') child.kill('SIGKILL');
    else if (code !== 0) console.error(`qmsr serve exited with ${code}:\n${stderr}`);
    rmSync(data, { recursive: true, force: true });
    await database?.drop();
  }
}

/** Change the item's notes `changesPerSecond` times a second (one change at a time) until stopped; resolves to the number of changes. */
function changeItem(base: string, path: string, session: Session): { stop: () => Promise<number> } {
  let running = true;
  let made = 0;
  const loop = (async () => {
    let version = ((await (await fetch(`${base}${path}`, { headers: { cookie: session.cookie } })).json()) as { version: number }).version;
    while (running) {
      const next = Date.now() + 1000 / changesPerSecond;
      const res = await fetch(`${base}${path}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ version, reason: 'load benchmark', notes: `change ${made + 1}` }),
      });
      if (res.status !== 200) throw new Error(`change: ${res.status} ${await res.text()}`);
      version = ((await res.json()) as { version: number }).version;
      made += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
  })();
  loop.catch(() => undefined); // reported by stop()
  return {
    async stop() {
      running = false;
      await loop;
      return made;
    },
  };
}

async function waitForUrl(stderr: () => string, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const url = /listening on (http:\/\/\S+) /.exec(stderr())?.[1];
    if (url && (await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false))) return url;
    if (Date.now() > deadline) throw new Error(`qmsr serve did not start:\n${stderr()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Session {
  cookie: string;
  csrfToken: string;
  assessmentId: string;
  itemId: string;
}

async function seed(base: string): Promise<Session> {
  const password = 'load test passphrase 0001';
  const setup = await fetch(`${base}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', fullName: 'Bench Mark', password }),
  });
  if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
  const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const profile = JSON.parse(readFileSync(join(root, 'examples', 'profiles', 'iso-certified-class2.json'), 'utf8')) as unknown;
  const created = await fetch(`${base}/api/assessments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'Load benchmark', profile }),
  });
  if (created.status !== 201) throw new Error(`assessment: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const items = (await (await fetch(`${base}/api/assessments/${id}/items?applicable=true`, { headers: { cookie } })).json()) as { items: { itemId: string }[] };
  return { cookie, csrfToken, assessmentId: id, itemId: items.items[0]!.itemId };
}

function renderTable(results: readonly RouteResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} (\`${r.path}\`) | ${r.connections} | ${r.p50} ms | ${r.p99} ms | ${r.max} ms | ${r.rps.toFixed(0)} | ${(r.bytesPerSecond / 1e6).toFixed(1)} MB/s | ${r.non2xx} / ${r.errors} (${r.timeouts}) | ${r.p99 <= TARGET_P99_MS ? 'yes' : '**no**'} |`,
  );
  return [
    `| Route | connections | p50 | p99 | max | req/s | throughput | non-2xx / errors (timeouts) | p99 ≤ ${TARGET_P99_MS} ms |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

interface Output {
  measuredAt: string;
  server: string;
  connections: number;
  light: number;
  changesPerSecond: number;
  durationSeconds: number;
  machine: { cpu: string; cores: number; memoryGb: number; node: string };
  backends: BackendResult[];
}

function renderSection(out: Output): string {
  const la = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  const command = `npx tsx bench/api-load.ts${args.database ? ' --database URL' : ''}${args.tsx ? ' --tsx' : ''}`;
  const title = { embedded: 'Embedded database (PGlite, durable settings)', postgres: 'PostgreSQL (a new database on the local server, pool of 10 connections)' };
  const sessions = {
    embedded: 'sessions checked from memory, read again from the database after any write',
    postgres: 'session read from the database on every request',
  };
  return [
    '<!-- api-bench:start (written by `npx tsx bench/api-load.ts`; notes below the end marker are kept) -->',
    `Measured on ${out.measuredAt.slice(0, 10)} with \`${command}\`.`,
    '',
    `- Machine: ${out.machine.cores} cores (${out.machine.cpu}), ${out.machine.memoryGb} GB RAM, Node ${out.machine.node}; the load generator (autocannon) runs on the same machine. Load average (1, 5, 15 min) at the start and end of each back-end's runs below; above ${out.machine.cores}, other work shared the CPUs.`,
    `- Server: \`qmsr serve\` in its own process, running ${out.server}, on 127.0.0.1; one assessment from \`examples/profiles/iso-certified-class2.json\` (93 items).`,
    `- Load: autocannon, ${out.connections} connections (the target)${out.light > 0 ? ` and ${out.light} (a busy team)` : ''}, ${out.durationSeconds} s per route after a 3 s pause and a 2 s warm-up, every request signed in with the same session cookie and, except in the row "no compression", with \`Accept-Encoding: ${BROWSER_ACCEPT_ENCODING}\` as Chromium sends it (throughput counts the bytes sent, compressed or not).${out.changesPerSecond > 0 ? ` In the row "item changed ${out.changesPerSecond}×/s" another client changes one item's notes (PATCH, audited) ${out.changesPerSecond} times a second during the run, so the item list's kept answer is replaced after every change.` : ''} Timeouts are requests unanswered after autocannon's 10 s limit.`,
    ...out.backends.flatMap((b) => [
      '',
      `**${title[b.backend]}**, ${sessions[b.backend]}; load average at the start ${la(b.loadAverage.start)}, at the end ${la(b.loadAverage.end)}.`,
      '',
      renderTable(b.results),
    ]),
    '<!-- api-bench:end -->',
  ].join('\n');
}

function writeDocs(block: string): void {
  const start = '<!-- api-bench:start';
  const end = '<!-- api-bench:end -->';
  let text = existsSync(docsFile) ? readFileSync(docsFile, 'utf8') : '# Benchmarks\n';
  if (text.includes(start) && text.includes(end)) {
    text = text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length);
  } else if (/^## Workspace API\s*$/m.test(text)) {
    text = text.replace(/^## Workspace API\s*$/m, `## Workspace API\n\n${block}\n`);
  } else {
    text = `${text.replace(/\s*$/, '')}\n\n## Workspace API\n\n${block}\n`;
  }
  writeFileSync(docsFile, text);
}

await main();
