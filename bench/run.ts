/**
 * Scanner benchmark: `npm run bench` (tsx bench/run.ts).
 *
 * 1. Builds the CLI from src/ into bench/out/build (what users run is compiled
 *    JavaScript, not TypeScript through tsx).
 * 2. Generates a deterministic set of documents (1,200 by default: docx and pdf
 *    from the project's own builders, md, txt, html, xlsx) in a temporary folder.
 * 3. Measures, in turns, for each repetition:
 *    a. the baseline: for each file, pdftotext (PDF), `unzip -p` of
 *       word/document.xml (.docx) or xl/sharedStrings.xml (.xlsx), or the raw
 *       file, piped to ripgrep with a Part 820 citation pattern; run with xargs
 *       over as many processes as the scan has workers;
 *    b. a cold `qmsr scan` (fresh cache folder, default workers) in a child
 *       process, under GNU time for its peak RSS;
 *    c. a cached re-scan of the same folder with the same cache.
 * 4. Prints a table, writes bench/out/scanner-results.json, and rewrites the
 *    generated part of the "Scanner" section of docs/benchmarks.md (other
 *    sections, and notes below the generated block, are kept).
 *
 * Options: --files N (default 1200, same format mix), --seed N (820), --reps N (3),
 * --jobs N (default: the number of cores), --keep (leave the temp folder),
 * --no-docs (do not touch docs/benchmarks.md), --no-build (reuse bench/out/build).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_MIX, generate, type BenchFormat } from './generate.js';
import { haveGnuTime, measure, median, type Measurement } from './measure.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'bench', 'out');
const docsFile = join(root, 'docs', 'benchmarks.md');

const TARGETS = { ratio: 1.5, rssMb: 400, speedup: 20 };

/** The baseline's idea of a Part 820 citation: `21 CFR 820.30(g)`, `§ 820.198`, `QSR 820.50`, `21CFR820.70(i)`, `820.40`. */
const BASELINE_PATTERN = String.raw`(21[ .]?C\.?F\.?R\.?[ .]*(Part )?|§+ ?|QSR |Sec\. )?820\.[0-9]+(\([a-z0-9]+\))*`;

const BASELINE_SCRIPT = `#!/bin/bash
# Baseline text extraction + ripgrep, one file after another (xargs runs several of these at once).
# Prints "@@ FILE" and then one line per citation-like match.
PAT='${BASELINE_PATTERN}'
for f in "$@"; do
  echo "@@ $f"
  case "\${f##*.}" in
    pdf) pdftotext -q "$f" - | rg -o -e "$PAT" ;;
    docx) unzip -p "$f" word/document.xml | rg -o -e "$PAT" ;;
    xlsx) unzip -p "$f" xl/sharedStrings.xml | rg -o -e "$PAT" ;;
    *) rg -o -e "$PAT" "$f" ;;
  esac
done
exit 0
`;

interface ScanSummary {
  files: number;
  scanned: number;
  failed: number;
  findings: number;
  citationFindings: number;
}

interface Rep {
  baseline: Measurement & { matches: number };
  cold: Measurement & { summary: ScanSummary };
  cached: Measurement & { summary: ScanSummary };
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

function parseOptions(): { files: number; seed: number; reps: number; jobs: number; keep: boolean; docs: boolean; build: boolean } {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '1200' },
      seed: { type: 'string', default: '820' },
      reps: { type: 'string', default: '3' },
      jobs: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'no-docs': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const int = (name: string, text: string | undefined, fallback: number): number => {
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a whole number of at least 1, not "${text}"`);
    return n;
  };
  return {
    files: int('files', values.files, 1200),
    seed: int('seed', values.seed, 820),
    reps: int('reps', values.reps, 3),
    jobs: int('jobs', values.jobs, availableParallelism()),
    keep: values.keep ?? false,
    docs: !(values['no-docs'] ?? false),
    build: !(values['no-build'] ?? false),
  };
}

/** The format mix scaled to `total` files (at least one of each format). */
function scaledMix(total: number): Record<BenchFormat, number> {
  const base = Object.values(DEFAULT_MIX).reduce((a, b) => a + b, 0);
  const mix = {} as Record<BenchFormat, number>;
  for (const [f, n] of Object.entries(DEFAULT_MIX) as [BenchFormat, number][]) mix[f] = Math.max(1, Math.round((n * total) / base));
  return mix;
}

/** Compile src/ into bench/out/build/dist (with the knowledge-base snapshot) and kb/ and package.json linked beside it; returns the CLI entry point. */
function buildCli(rebuild: boolean): { cli: string; note: string } {
  const build = join(outDir, 'build');
  const entry = join(build, 'bin', 'qmsr.js');
  if (rebuild || !existsSync(join(build, 'dist', 'cli', 'main.js'))) {
    rmSync(build, { recursive: true, force: true });
    mkdirSync(join(build, 'bin'), { recursive: true });
    const started = performance.now();
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(build, 'dist')], {
        cwd: root,
        stdio: 'pipe',
      });
    } catch (err) {
      // tsc still writes JavaScript when other parts of the tree have type errors; the scanner's own files are what matters here.
      const out = String((err as { stdout?: Buffer }).stdout ?? '');
      log(`bench: tsc reported type errors (JavaScript was still written):\n${out.split('\n').slice(0, 5).join('\n')}`);
    }
    symlinkSync(join(root, 'kb'), join(build, 'kb'));
    symlinkSync(join(root, 'package.json'), join(build, 'package.json'));
    cpSync(join(root, 'bin', 'qmsr.js'), entry);
    // As `npm run build` does: the checked knowledge base stored as a snapshot next to the compiled loader.
    execFileSync(process.execPath, [join(root, 'scripts', 'build-kb-snapshot.mjs'), join(build, 'dist')], { cwd: root, stdio: 'pipe' });
    log(`bench: built the CLI in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  if (existsSync(join(build, 'dist', 'cli', 'main.js')) && existsSync(join(build, 'dist', 'scanner', 'worker.js'))) {
    return { cli: entry, note: 'the compiled JavaScript, built by tsc into bench/out/build' };
  }
  log('bench: the build produced no CLI; falling back to bin/qmsr.js through tsx (slower start-up)');
  return { cli: join(root, 'bin', 'qmsr.js'), note: 'the TypeScript sources through tsx, because the build failed' };
}

function parseBaseline(stdout: string): number {
  let matches = 0;
  for (const line of stdout.split('\n')) if (line && !line.startsWith('@@ ')) matches++;
  return matches;
}

function readScan(file: string): ScanSummary {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { summary: Omit<ScanSummary, 'citationFindings'>; findings: { kind: string }[] };
  return { ...json.summary, citationFindings: json.findings.filter((f) => f.kind === 'citation').length };
}

/** a / b to two decimals, or undefined when either is unknown. */
function ratioOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : +(a / b).toFixed(2);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const opts = parseOptions();
  const gnuTime = haveGnuTime();
  for (const tool of ['pdftotext', 'unzip', 'rg', 'xargs', 'bash']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
    } catch {
      throw new Error(`the baseline needs ${tool} on the PATH`);
    }
  }
  mkdirSync(outDir, { recursive: true });
  const { cli, note } = buildCli(opts.build);

  const work = mkdtempSync(join(tmpdir(), 'qmsr-bench-'));
  const docs = join(work, 'docs');
  const script = join(work, 'baseline.sh');
  writeFileSync(script, BASELINE_SCRIPT, { mode: 0o755 });
  const load: { start: number[]; end: number[] } = { start: loadavg(), end: [] };
  try {
    const mix = scaledMix(opts.files);
    log(`bench: generating ${Object.values(mix).reduce((a, b) => a + b, 0)} documents (seed ${opts.seed}) in ${docs}`);
    const started = performance.now();
    const set = await generate(docs, opts.seed, mix);
    const generationMs = performance.now() - started;
    const bytes = set.files.reduce((a, f) => a + f.bytes, 0);
    log(`bench: generated ${set.files.length} files, ${(bytes / 1048576).toFixed(1)} MB, in ${seconds(generationMs)}`);
    const list = set.files.map((f) => f.path).join('\0');

    const reps: Rep[] = [];
    for (let i = 1; i <= opts.reps; i++) {
      const baseline = await measure('xargs', ['-0', '-P', String(opts.jobs), '-n', '8', 'bash', script], { input: list, scratch: work, useGnuTime: gnuTime });
      if (baseline.exitCode !== 0) throw new Error(`baseline failed (${baseline.exitCode}): ${baseline.stderr.slice(0, 500)}`);
      const matches = parseBaseline(baseline.stdout);
      log(`bench: rep ${i}: baseline ${seconds(baseline.wallMs)}, ${matches} matches`);

      const cache = mkdtempSync(join(work, 'cache-'));
      const report = join(work, `scan-${i}.json`);
      const scanArgs = [cli, 'scan', docs, '--format', 'json', '--output', report, '--cache-dir', cache, '--quiet'];
      const cold = await measure(process.execPath, scanArgs, { cwd: work, scratch: work, useGnuTime: gnuTime });
      if (cold.exitCode !== 1 && cold.exitCode !== 0) throw new Error(`cold scan failed (${cold.exitCode}): ${cold.stderr.slice(0, 1000)}`);
      const coldSummary = readScan(report);
      log(`bench: rep ${i}: cold scan ${seconds(cold.wallMs)}, ${cold.maxRssKb ? mb(cold.maxRssKb) : '? MB'}, ${coldSummary.findings} findings`);

      const cached = await measure(process.execPath, scanArgs, { cwd: work, scratch: work, useGnuTime: gnuTime });
      if (cached.exitCode !== 1 && cached.exitCode !== 0) throw new Error(`cached scan failed (${cached.exitCode}): ${cached.stderr.slice(0, 1000)}`);
      const cachedSummary = readScan(report);
      log(`bench: rep ${i}: cached scan ${seconds(cached.wallMs)}, ${cachedSummary.findings} findings`);
      if (coldSummary.files !== set.files.length || coldSummary.failed !== 0) {
        throw new Error(`the cold scan read ${coldSummary.scanned} of ${set.files.length} files (${coldSummary.failed} failed)`);
      }
      if (JSON.stringify(cachedSummary) !== JSON.stringify(coldSummary)) {
        throw new Error(`the cached scan differs from the cold one: ${JSON.stringify(cachedSummary)} vs ${JSON.stringify(coldSummary)}`);
      }
      rmSync(cache, { recursive: true, force: true });
      reps.push({ baseline: { ...baseline, matches }, cold: { ...cold, summary: coldSummary }, cached: { ...cached, summary: cachedSummary } });
    }
    load.end = loadavg();

    const baseWall = median(reps.map((r) => r.baseline.wallMs));
    const coldWall = median(reps.map((r) => r.cold.wallMs));
    const cachedWall = median(reps.map((r) => r.cached.wallMs));
    const cpu = (pick: (r: Rep) => Measurement): number | undefined => {
      const v = reps.map((r) => pick(r).cpuMs);
      return v.every((x): x is number => x !== undefined) ? Math.round(median(v)) : undefined;
    };
    const rssValues = reps.flatMap((r) => [r.cold.maxRssKb, r.cached.maxRssKb]).filter((x): x is number => x !== undefined);
    const peakRssKb = rssValues.length ? Math.max(...rssValues) : undefined;
    const ratio = coldWall / baseWall;
    const speedup = coldWall / cachedWall;
    const results = {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: availableParallelism(),
        memoryGb: Math.round(totalmem() / 1073741824),
        os: `${osType()} ${release()}`,
        node: process.version,
        loadAverage: { start: load.start.map((x) => +x.toFixed(2)), end: load.end.map((x) => +x.toFixed(2)) },
        measuredWith: gnuTime ? 'GNU time -v' : '/proc VmHWM polling',
      },
      corpus: { files: set.files.length, mix, megabytes: +(bytes / 1048576).toFixed(1), seed: opts.seed, generationSeconds: +(generationMs / 1000).toFixed(1) },
      cli: note,
      jobs: opts.jobs,
      repetitions: opts.reps,
      median: {
        baselineWallMs: Math.round(baseWall),
        coldWallMs: Math.round(coldWall),
        cachedWallMs: Math.round(cachedWall),
        baselineCpuMs: cpu((r) => r.baseline),
        coldCpuMs: cpu((r) => r.cold),
        cachedCpuMs: cpu((r) => r.cached),
      },
      cpuRatio: ratioOf(cpu((r) => r.cold), cpu((r) => r.baseline)),
      peakRssKb,
      ratio: +ratio.toFixed(2),
      speedup: +speedup.toFixed(1),
      findings: reps[0]!.cold.summary,
      baselineMatches: reps[0]!.baseline.matches,
      targets: {
        ratio: { target: TARGETS.ratio, met: ratio <= TARGETS.ratio },
        peakRssMb: { target: TARGETS.rssMb, met: peakRssKb !== undefined && peakRssKb / 1024 <= TARGETS.rssMb },
        speedup: { target: TARGETS.speedup, met: speedup >= TARGETS.speedup },
      },
      runs: reps.map((r) => ({
        baselineWallMs: Math.round(r.baseline.wallMs),
        coldWallMs: Math.round(r.cold.wallMs),
        cachedWallMs: Math.round(r.cached.wallMs),
        baselineCpuMs: r.baseline.cpuMs === undefined ? undefined : Math.round(r.baseline.cpuMs),
        coldCpuMs: r.cold.cpuMs === undefined ? undefined : Math.round(r.cold.cpuMs),
        cachedCpuMs: r.cached.cpuMs === undefined ? undefined : Math.round(r.cached.cpuMs),
        coldRssKb: r.cold.maxRssKb,
        cachedRssKb: r.cached.maxRssKb,
      })),
    };
    writeFileSync(join(outDir, 'scanner-results.json'), `${JSON.stringify(results, null, 2)}\n`);
    const table = renderTable(results);
    process.stdout.write(`\n${table}\n`);
    if (opts.docs) {
      writeDocs(renderSection(results, table));
      log(`bench: wrote the Scanner section of ${relative(root, docsFile)}`);
    }
  } finally {
    if (opts.keep) log(`bench: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

type Results = {
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; os: string; node: string; loadAverage: { start: number[]; end: number[] }; measuredWith: string };
  corpus: { files: number; mix: Record<BenchFormat, number>; megabytes: number; seed: number; generationSeconds: number };
  cli: string;
  jobs: number;
  repetitions: number;
  median: { baselineWallMs: number; coldWallMs: number; cachedWallMs: number; baselineCpuMs: number | undefined; coldCpuMs: number | undefined; cachedCpuMs: number | undefined };
  cpuRatio: number | undefined;
  peakRssKb: number | undefined;
  ratio: number;
  speedup: number;
  findings: ScanSummary;
  baselineMatches: number;
  targets: Record<'ratio' | 'peakRssMb' | 'speedup', { target: number; met: boolean }>;
  runs: Record<string, number | undefined>[];
};

const yes = (met: boolean): string => (met ? 'yes' : '**no**');
const cpuText = (ms: number | undefined): string => (ms === undefined ? 'n/a' : seconds(ms));

function renderTable(r: Results): string {
  const rows = [
    ['Measure', 'Result', 'Target', 'Met'],
    ['---', '---:', '---:', '---'],
    [`Baseline (pdftotext / unzip -p / raw → rg), xargs -P${r.jobs}, wall`, seconds(r.median.baselineWallMs), '', ''],
    [`Cold \`qmsr scan\`, ${r.jobs} workers, wall`, seconds(r.median.coldWallMs), '', ''],
    ['Cold scan / baseline, wall time', `${r.ratio.toFixed(2)}×`, `≤ ${TARGETS.ratio}×`, yes(r.targets.ratio.met)],
    ['Peak RSS of the scan (main thread and workers: one process)', r.peakRssKb === undefined ? 'n/a' : mb(r.peakRssKb), `≤ ${TARGETS.rssMb} MB`, yes(r.targets.peakRssMb.met)],
    ['Cached re-scan, wall', seconds(r.median.cachedWallMs), '', ''],
    ['Cached speed-up (cold / cached)', `${r.speedup.toFixed(1)}×`, `≥ ${TARGETS.speedup}×`, yes(r.targets.speedup.met)],
    ['CPU time (user + system): baseline / cold / cached', `${cpuText(r.median.baselineCpuMs)} / ${cpuText(r.median.coldCpuMs)} / ${cpuText(r.median.cachedCpuMs)}`, '', ''],
    ['Cold scan / baseline, CPU time (less sensitive to other load)', r.cpuRatio === undefined ? 'n/a' : `${r.cpuRatio.toFixed(2)}×`, '', ''],
  ];
  return rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
}

function renderSection(r: Results, table: string): string {
  const mix = Object.entries(r.corpus.mix)
    .map(([f, n]) => `${n} ${f}`)
    .join(', ');
  const runs = r.runs
    .map((x, i) => `| ${i + 1} | ${seconds(x.baselineWallMs!)} | ${seconds(x.coldWallMs!)} | ${seconds(x.cachedWallMs!)} | ${x.coldRssKb ? mb(x.coldRssKb) : 'n/a'} | ${x.cachedRssKb ? mb(x.cachedRssKb) : 'n/a'} |`)
    .join('\n');
  return [
    '<!-- scanner-bench:start (written by `npm run bench`; notes below the end marker are kept) -->',
    `Measured on ${r.date.slice(0, 10)} with \`npm run bench\` (bench/run.ts).`,
    '',
    `- Machine: ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGb} GB RAM, ${r.machine.os}, Node ${r.machine.node}.`,
    `  Load average (1, 5, 15 min) at the start ${r.machine.loadAverage.start.join(', ')}, at the end ${r.machine.loadAverage.end.join(', ')}` +
      (Math.max(...r.machine.loadAverage.start, ...r.machine.loadAverage.end) > r.machine.cores
        ? '; above the number of cores, so other work shared the CPUs during the run and every wall time is longer than on an idle machine.'
        : '.'),
    `- Documents: ${r.corpus.files} generated files (${mix}), ${r.corpus.megabytes} MB, seed ${r.corpus.seed}; each has 2–8 old citations, 1–4 obsolete-term sentences and one current reference among ordinary procedure text.`,
    `- Scan: \`node bench/out/build/bin/qmsr.js scan DOCS --format json --output FILE --cache-dir CACHE --quiet\`, running ${r.cli}, with the default number of workers (${r.jobs}); a fresh cache folder for each cold run, the same one for the cached run.`,
    `- Baseline: \`xargs -0 -P${r.jobs} -n 8 bash baseline.sh\`, which for each file runs \`pdftotext -q FILE -\`, \`unzip -p FILE word/document.xml\` or \`unzip -p FILE xl/sharedStrings.xml\` into \`rg -o -e PATTERN\`, or \`rg -o -e PATTERN FILE\` for text formats.`,
    `- Figures are medians of ${r.repetitions} repetitions, run in turn (baseline, cold, cached); time and memory from ${r.machine.measuredWith}.`,
    `- Output: the scan reported ${r.findings.findings} findings (${r.findings.citationFindings} citations) in ${r.findings.scanned} files; the baseline pattern printed ${r.baselineMatches} matches (it also matches current references such as 820.35(a) and misses citations split across Word runs).`,
    '',
    table,
    '',
    '| Run | Baseline | Cold scan | Cached scan | Cold peak RSS | Cached peak RSS |',
    '|---|---:|---:|---:|---:|---:|',
    runs,
    '<!-- scanner-bench:end -->',
  ].join('\n');
}

/** Replace the generated block of the "Scanner" section, keeping everything else in the file. */
function writeDocs(block: string): void {
  const start = '<!-- scanner-bench:start';
  const end = '<!-- scanner-bench:end -->';
  let text = existsSync(docsFile) ? readFileSync(docsFile, 'utf8') : '# Benchmarks\n';
  if (text.includes(start) && text.includes(end)) {
    text = text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length);
  } else if (/^## Scanner\s*$/m.test(text)) {
    text = text.replace(/^## Scanner\s*$/m, `## Scanner\n\n${block}\n`);
  } else {
    // Put the Scanner section first, after the title, so sections written by others stay where they are.
    const title = /^# .*\n/m.exec(text);
    const at = title ? title.index + title[0].length : 0;
    text = `${text.slice(0, at)}\n## Scanner\n\n${block}\n${text.slice(at)}`;
  }
  writeFileSync(docsFile, text);
}

await main();
