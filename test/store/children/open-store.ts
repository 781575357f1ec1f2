/**
 * Child process for the lock tests: `open-store.ts <dir> try|hold`.
 * try:  open the store, print "opened", close, exit 0; on failure print the error to stderr and exit 3.
 * hold: open the store, print "ready" and keep it open until killed (SIGTERM closes it cleanly).
 */
import { openStore } from '../../../src/store/index.js';

const [dir, mode] = process.argv.slice(2);
if (!dir || (mode !== 'try' && mode !== 'hold')) {
  process.stderr.write('usage: open-store.ts <dir> try|hold\n');
  process.exit(2);
}
try {
  const store = await openStore({ data: dir });
  if (mode === 'try') {
    process.stdout.write('opened\n');
    await store.close();
  } else {
    process.stdout.write('ready\n');
    setInterval(() => undefined, 60_000);
  }
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(3);
}
