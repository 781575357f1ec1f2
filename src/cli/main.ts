/**
 * The `qmsr` command line. Each command lives in its own module under
 * commands/; this file wires them together and owns exit codes.
 *
 * A run of one command loads only that command's module (`qmsr scan` does not
 * load the assessment, server or report code); anything else (`--help`, a
 * mistyped command) registers them all.
 */
import { Command, CommanderError } from 'commander';
import { KbLoadError } from '../kb/problems.js';
import { toolVersion } from '../util/version.js';
import { EXIT, say } from './io.js';

type Register = (program: Command, done: (code: number) => void) => void;

/** Every command's module, by the top-level command names it registers, in the order help lists them. */
const COMMANDS: readonly { names: readonly string[]; load: () => Promise<Register> }[] = [
  { names: ['explain'], load: async () => (await import('./commands/explain.js')).registerExplain },
  { names: ['crosswalk'], load: async () => (await import('./commands/crosswalk.js')).registerCrosswalk },
  { names: ['checklist'], load: async () => (await import('./commands/checklist.js')).registerChecklist },
  { names: ['guide'], load: async () => (await import('./commands/guide.js')).registerGuide },
  { names: ['kb'], load: async () => (await import('./commands/kb.js')).registerKb },
  { names: ['scan'], load: async () => (await import('./commands/scan.js')).registerScan },
  { names: ['fix'], load: async () => (await import('./commands/fix.js')).registerFix },
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).registerServe },
  { names: ['users'], load: async () => (await import('./commands/users.js')).registerUsers },
  { names: ['backup', 'restore'], load: async () => (await import('./commands/backup.js')).registerBackup },
  { names: ['assessment'], load: async () => (await import('./commands/assessment.js')).registerAssessment },
  { names: ['report'], load: async () => (await import('./commands/report.js')).registerReport },
  { names: ['audit'], load: async () => (await import('./commands/audit.js')).registerAudit },
];

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
  const named = COMMANDS.find((c) => c.names.includes(argv[0] ?? ''));
  const registers = await Promise.all((named ? [named] : COMMANDS).map((c) => c.load()));
  for (const register of registers) register(program, done);
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
