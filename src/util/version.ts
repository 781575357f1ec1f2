import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let version: string | undefined;

/** The tool's own version, from package.json (two levels above this module in src/ and dist/). */
export function toolVersion(): string {
  if (version) return version;
  const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'), 'utf8')) as { version: string };
  version = pkg.version;
  return version;
}
