/**
 * The browser tests run against the real build in web/dist: rebuilt with
 * Vite when it is missing or older than any file under web/ it is made from.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The project root. */
export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const WEB = join(ROOT, 'web');
/** The built app. */
export const WEB_DIST = join(WEB, 'dist');

function newest(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** True when web/dist/index.html is missing or older than a source of the build. */
export function webBuildStale(): boolean {
  const built = join(WEB_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const sources = [join(WEB, 'src'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts')].filter(existsSync);
  return Math.max(...sources.map(newest)) > statSync(built).mtimeMs;
}

/** Build web/dist with Vite if it is stale. Returns whether it built. */
export function ensureWebBuild(): boolean {
  if (!webBuildStale()) return false;
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'pipe' });
  return true;
}
