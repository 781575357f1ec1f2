/**
 * Workspace API load benchmark: `npx tsx bench/api-load.ts`.
 *
 * 1. Starts `qmsr serve` as its own process (so the load generator does not
 *    share its event loop) on 127.0.0.1, port chosen by the system, with the
 *    embedded database in a temporary folder.
 * 2. Seeds it over HTTP: the first administrator and one assessment built
 *    from examples/profiles/iso-certified-class2.json; signs in.
 * 3. For each read route (the item list, one item, /api/explain) runs
 *    autocannon for `--duration` seconds (default 10) with `--connections`
 *    (default 200) signed-in connections, after a 3-second pause (for the
 *    server to drain the previous run) and a 2-second warm-up; then the
 *    same with `--light` connections (default 10, a busy team) for context.
 * 4. Prints p50/p99 latency and requests per second, writes
 *    bench/out/api-load.json, and rewrites the generated part of the
 *    "Workspace API" section of docs/benchmarks.md (other sections are kept).
 *
 * Loopback traffic only, bounded duration; the server and its data are
 * removed at the end. Options: --connections N, --light N (0: skip), --duration S, --no-docs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docsFile = join(root, 'docs', 'benchmarks.md');
const TARGET_P99_MS = 50;

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
    duration: { type: 'string', default: '10' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const connections = Number(args.connections);
const light = Number(args.light);
const duration = Number(args.duration);
if (!Number.isInteger(connections) || connections < 1 || !(duration > 0 && duration <= 60)) throw new Error('--connections N (≥ 1) and --duration S (≤ 60)');

interface RouteResult {
  name: string;
  connections: number;
  path: string;
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

async function main(): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'qmsr-api-bench-'));
  const load = { start: loadavg(), end: [] as number[] };
  const server = spawn(process.execPath, [join(root, 'bin', 'qmsr.js'), 'serve', '--data', data, '--port', '0'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
  try {
    const base = await waitForUrl(() => stderr, 120_000);
    const session = await seed(base);
    const routes = [
      { name: 'GET item list', path: `/api/assessments/${session.assessmentId}/items` },
      { name: 'GET one item', path: `/api/assessments/${session.assessmentId}/items/${encodeURIComponent(session.itemId)}` },
      { name: 'GET /api/explain', path: '/api/explain?q=820.30(g)' },
    ];
    const results: RouteResult[] = [];
    for (const [n, r] of (light > 0 ? [connections, light] : [connections]).flatMap((n) => routes.map((r) => [n, r] as const))) {
      const opts = { url: `${base}${r.path}`, headers: { cookie: session.cookie }, connections: n };
      // Let the server finish what the previous run left queued, so each route is measured on its own.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await autocannon({ ...opts, duration: 2 });
      const res = await autocannon({ ...opts, duration });
      results.push({
        name: r.name,
        connections: n,
        path: r.path.replace(session.assessmentId, ':id').replace(encodeURIComponent(session.itemId), ':itemId'),
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
      console.log(`${r.name}, ${n} connections: p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms, ${res.requests.average.toFixed(0)} req/s, ${res.non2xx} non-2xx, ${res.errors} errors (${res.timeouts} timeouts)`);
    }
    load.end = loadavg();
    const out = {
      measuredAt: new Date().toISOString(),
      connections,
      durationSeconds: duration,
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverage: load },
      results,
    };
    mkdirSync(join(root, 'bench', 'out'), { recursive: true });
    writeFileSync(join(root, 'bench', 'out', 'api-load.json'), `${JSON.stringify(out, null, 2)}\n`);
    const table = renderTable(results);
    console.log(`\n${table}`);
    if (!args['no-docs']) writeDocs(renderSection(out, table));
  } finally {
    server.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
    if (code === 'timeout') server.kill('SIGKILL');
    else if (code !== 0) console.error(`qmsr serve exited with ${code}:\n${stderr}`);
    rmSync(data, { recursive: true, force: true });
  }
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

async function seed(base: string): Promise<{ cookie: string; assessmentId: string; itemId: string }> {
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
  return { cookie, assessmentId: id, itemId: items.items[0]!.itemId };
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

function renderSection(out: { measuredAt: string; connections: number; durationSeconds: number; machine: { cpu: string; cores: number; memoryGb: number; node: string; loadAverage: { start: number[]; end: number[] } } }, table: string): string {
  const la = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  return [
    '<!-- api-bench:start (written by `npx tsx bench/api-load.ts`; notes below the end marker are kept) -->',
    `Measured on ${out.measuredAt.slice(0, 10)} with \`npx tsx bench/api-load.ts\`.`,
    '',
    `- Machine: ${out.machine.cores} cores (${out.machine.cpu}), ${out.machine.memoryGb} GB RAM, Node ${out.machine.node}; load average at the start ${la(out.machine.loadAverage.start)}, at the end ${la(out.machine.loadAverage.end)}.`,
    '- Server: `qmsr serve` in its own process (TypeScript through tsx), embedded database (PGlite, durable settings), 127.0.0.1; one assessment from `examples/profiles/iso-certified-class2.json`.',
    `- Load: autocannon, ${out.connections} connections (the target) and ${light} (a busy team), ${out.durationSeconds} s per route after a 3 s pause and a 2 s warm-up, every request signed in (session cookie checked against the database). Timeouts are requests unanswered after autocannon's 10 s limit.`,
    '',
    table,
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
