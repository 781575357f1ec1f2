/**
 * The `qmsr` command line. Each command lives in its own module under
 * commands/; this file wires them together and owns exit codes.
 */
import { Command, CommanderError } from 'commander';
import { KbLoadError } from '../kb/load.js';
import { toolVersion } from '../util/version.js';
import { registerChecklist } from './commands/checklist.js';
import { registerCrosswalk } from './commands/crosswalk.js';
import { registerExplain } from './commands/explain.js';
import { registerFix } from './commands/fix.js';
import { registerGuide } from './commands/guide.js';
import { registerKb } from './commands/kb.js';
import { registerScan } from './commands/scan.js';
import { registerBackup } from './commands/backup.js';
import { registerServe } from './commands/serve.js';
import { registerUsers } from './commands/users.js';
import { registerAssessment } from './commands/assessment.js';
import { registerReport } from './commands/report.js';
import { registerAudit } from './commands/audit.js';
import { EXIT, say } from './io.js';

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const done = (c: number): void => {
    code = c;
  };
  const program = new Command('qmsr')
    .description('From the old FDA QSR to the QMSR: knowledge base, SOP scanner, Word redlines, gap assessment, workspace')
    .version(toolVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerExplain(program, done);
  registerCrosswalk(program, done);
  registerChecklist(program, done);
  registerGuide(program, done);
  registerKb(program, done);
  registerScan(program, done);
  registerFix(program, done);
  registerServe(program, done);
  registerUsers(program, done);
  registerBackup(program, done);
  registerAssessment(program, done);
  registerReport(program, done);
  registerAudit(program, done);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof KbLoadError) {
      say(`qmsr: ${err.message}`);
      return EXIT.usage;
    }
    say(`qmsr: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return EXIT.usage;
  }
  return code;
}
