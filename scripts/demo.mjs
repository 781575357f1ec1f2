#!/usr/bin/env node
// The main job on the example SOPs: scan them (text report on the terminal and
// a self-contained HTML report), then propose Word redlines into demo-output/.
// `qmsr scan` exits 1 when it has findings, which is the expected outcome here.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const qmsr = (args, ok = [0, 1]) => {
  const run = spawnSync(process.execPath, ['bin/qmsr.js', ...args], { stdio: 'inherit' });
  if (!ok.includes(run.status ?? 2)) process.exit(run.status ?? 2);
};
rmSync('demo-output', { recursive: true, force: true });
qmsr(['scan', 'examples/sops']);
qmsr(['scan', 'examples/sops', '--format', 'html', '--output', 'demo-output/scan-report.html', '--quiet']);
qmsr(['fix', 'examples/sops', '--out', 'demo-output/redlines']);
process.stderr.write('\nReports: demo-output/scan-report.html; Word redlines and change log: demo-output/redlines/\n');
