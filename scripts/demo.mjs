#!/usr/bin/env node
// The main job on the example SOPs, then the workspace with the example assessment:
// 1. scan them (text report on the terminal and a self-contained HTML report), then
//    propose Word redlines into demo-output/; `qmsr scan` exits 1 when it has
//    findings, which is the expected outcome here;
// 2. `qmsr serve --data demo-workspace --example` in the foreground: a new
//    demo-workspace/ first gets the example assessment (src/server/example-workspace.ts);
//    one that already holds a workspace is served as it is. Ctrl+C stops it.
// Extra arguments go to qmsr serve, e.g. `npm run demo -- --port 4821`.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const qmsr = (args, ok = [0, 1]) => {
  const run = spawnSync(process.execPath, ['bin/qmsr.js', ...args], { stdio: 'inherit' });
  if (!ok.includes(run.status ?? 2)) process.exit(run.status ?? 2);
};
rmSync('demo-output', { recursive: true, force: true });
qmsr(['scan', 'examples/sops']);
qmsr(['scan', 'examples/sops', '--format', 'html', '--output', 'demo-output/scan-report.html', '--quiet']);
qmsr(['fix', 'examples/sops', '--out', 'demo-output/redlines']);
process.stderr.write(
  '\nScan report: demo-output/scan-report.html\n' +
    'Word redlines (tracked changes with a comment on each) and change log: demo-output/redlines/\n\n',
);

// The workspace gets its own process group and every signal this script gets, exactly once
// (Ctrl+C in the terminal, or SIGTERM): it then finishes requests in flight and closes the database.
const server = spawn(process.execPath, ['bin/qmsr.js', 'serve', '--data', 'demo-workspace', '--example', ...process.argv.slice(2)], {
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => {
  if (code === 2) process.stderr.write('npm run demo: the workspace did not start (see above). Another port: npm run demo -- --port 4821\n');
  process.exit(code ?? (signal ? 1 : 0));
});
