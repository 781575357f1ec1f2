/**
 * `qmsr backup --output FILE` and `qmsr restore FILE`: a portable, checksummed
 * dump of the whole database (src/store/backup.ts: assessments, audit trail,
 * accounts, signatures) that either back-end can write and either can
 * restore. The embedded database can be backed up only while no server holds
 * it (stop `qmsr serve` first); a PostgreSQL database can be backed up while
 * servers run (the dump is one consistent snapshot).
 */
import type { Command } from 'commander';
import { EXIT, fail, say } from '../io.js';
import { storeOptions, withStore } from './assessment.js';
import type { StoreOptions } from './assessment.js';

/** Register `qmsr backup` and `qmsr restore`. */
export function registerBackup(program: Command, done: (code: number) => void): void {
  storeOptions(
    program
      .command('backup')
      .description('Write a backup of the whole database (assessments, audit trail, accounts, signatures) to one file')
      .requiredOption('-o, --output <file>', 'backup file to write (replaced atomically if it exists)')
      .addHelpText('after', '\nExit codes: 0 written; 2 the database could not be opened (a running qmsr serve holds it) or the file could not be written.'),
    false,
  ).action(async (opts: StoreOptions & { output: string }) => done(await runBackup(opts)));

  storeOptions(
    program
      .command('restore')
      .description('Restore a backup into an empty database (a new --data folder, or an empty PostgreSQL database)')
      .argument('<file>', 'backup file written by qmsr backup')
      .addHelpText(
        'after',
        "\nThe whole file is verified (checksum, row counts) before anything is written, and all rows go in one transaction.\n" +
          "Exit codes: 0 restored; 2 the file is damaged, or the database is not empty or not at the backup's schema version.",
      ),
    false,
  ).action(async (file: string, opts: StoreOptions) => done(await runRestore(file, opts)));
}

async function runBackup(opts: StoreOptions & { output: string }): Promise<number> {
  return withStore(opts, async (store) => {
    const { backupStore } = await import('../../store/backup.js');
    try {
      const summary = await backupStore(store, opts.output);
      say(`Wrote ${opts.output}: schema version ${summary.schemaVersion}, ${describeRows(summary.rows)}.`);
      return EXIT.ok;
    } catch (err) {
      return fail(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

async function runRestore(file: string, opts: StoreOptions): Promise<number> {
  return withStore(opts, async (store) => {
    const { restoreStore } = await import('../../store/backup.js');
    try {
      const summary = await restoreStore(store, file);
      say(`Restored ${file} into ${store.location}: ${describeRows(summary.rows)}.`);
      return EXIT.ok;
    } catch (err) {
      return fail(`restore failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

function describeRows(rows: Record<string, number>): string {
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  return `${total} rows (${Object.entries(rows).map(([t, n]) => `${t} ${n}`).join(', ')})`;
}
