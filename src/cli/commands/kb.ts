import type { Command } from 'commander';
import { loadKnowledgeBase } from '../../kb/parse.js';
import { formatProblem } from '../../kb/problems.js';
import { EXIT, emit, say, toJson } from '../io.js';

/** `qmsr kb validate|info`: check the knowledge-base data, or say what it holds. */
export function registerKb(program: Command, done: (code: number) => void): void {
  const kb = program.command('kb').description('Check or describe the knowledge-base data');
  kb.command('validate')
    .description('Validate every knowledge-base file against its schema and check cross-references')
    .option('-d, --dir <dir>', 'knowledge-base folder (default: the one shipped with qmsr)')
    .action((opts: { dir?: string }) => {
      const result = loadKnowledgeBase(opts.dir);
      if (result.ok) {
        say(`knowledge base ${result.kb.version} is sound (${result.kb.hash.slice(0, 12)})`);
        done(EXIT.ok);
      } else {
        for (const p of result.problems) say(formatProblem(p));
        say(`${result.problems.length} problem(s)`);
        done(EXIT.usage);
      }
    });
  kb.command('info')
    .description('Version and record counts')
    .option('-f, --format <format>', 'text or json', 'text')
    .action((opts: { format: string }) => {
      const result = loadKnowledgeBase();
      if (!result.ok) {
        for (const p of result.problems) say(formatProblem(p));
        done(EXIT.usage);
        return;
      }
      const k = result.kb;
      const counts = {
        qsrSections: k.qsr.subparts.flatMap((s) => s.sections).length,
        qsrProvisions: k.qsr.provisions.size,
        qmsrProvisions: k.qmsr.provisions.size,
        isoClauses: k.iso.size,
        crosswalkEntries: k.crosswalk.size,
        unconfirmedMappings: [...k.crosswalk.values()].filter((e) => e.confidence === 'unconfirmed').length,
        terms: k.terms.length,
        changes: k.changes.length,
        relatedParts: k.relatedParts.size,
        guidePages: k.guide.length,
      };
      if (opts.format === 'json') emit(toJson({ version: k.version, date: k.date, hash: k.hash, counts }));
      else emit(`knowledge base ${k.version} (${k.date}), hash ${k.hash.slice(0, 12)}\n${Object.entries(counts).map(([n, v]) => `  ${n}: ${v}`).join('\n')}\n`);
      done(EXIT.ok);
    });
}
