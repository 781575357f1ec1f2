#!/usr/bin/env node
// Makes sure the system tools the test suite drives for real are present:
// Chromium (browser tests and PDF reports), LibreOffice (opens our .docx
// redlines), poppler (renders PDFs to images; pdftotext for the benchmark
// baseline), ripgrep (benchmark baseline) and a running PostgreSQL.
// Installs missing Debian packages when it can (root with apt-get); otherwise
// it says what is missing and the tests that need it report themselves skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
  { bin: '/usr/bin/soffice', pkg: 'libreoffice-writer-nogui' },
  { bin: '/usr/bin/pdftoppm', pkg: 'poppler-utils' },
  { bin: '/usr/bin/pdftotext', pkg: 'poppler-utils' },
  { bin: '/usr/bin/rg', pkg: 'ripgrep' },
  { bin: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', pkg: 'fonts-dejavu-core' },
];

const log = (msg) => process.stderr.write(`[system-deps] ${msg}\n`);
const missing = [...new Set(needs.filter((n) => !existsSync(n.bin)).map((n) => n.pkg))];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');

if (missing.length > 0) {
  if (isRoot && hasApt) {
    log(`installing ${missing.join(', ')} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0
      ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env })
      : update;
    if (install.status !== 0) log(`apt-get failed; tests that need ${missing.join(', ')} will be skipped`);
  } else {
    log(`missing ${missing.join(', ')} and cannot install them here (need root and apt-get); tests that need them will be skipped`);
  }
}

// PostgreSQL: start the Debian cluster if one exists and is down.
if (existsSync('/usr/bin/pg_lsclusters')) {
  try {
    const out = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
    for (const line of out.split('\n').filter(Boolean)) {
      const [version, name, , status] = line.trim().split(/\s+/);
      if (status !== 'online' && isRoot) {
        log(`starting PostgreSQL cluster ${version}/${name}`);
        spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start'], { stdio: 'inherit' });
      }
    }
  } catch (err) {
    log(`could not check PostgreSQL clusters: ${err.message}`);
  }
} else {
  log('PostgreSQL is not installed here; the PostgreSQL test runs will be skipped');
}
