import type { Command } from 'commander';
import { findGuidePage } from '../../kb/guide.js';
import { getKnowledgeBase } from '../../kb/load.js';
import type { GuidePage } from '../../kb/model.js';
import { EXIT, emit, fail, toJson, wrap } from '../io.js';

interface Options {
  format: 'text' | 'md' | 'json';
  output?: string;
}

/** `qmsr guide [TOPIC]`: the plain-English guide to each QMSR section and topic. */
export function registerGuide(program: Command, done: (code: number) => void): void {
  program
    .command('guide')
    .description('Read the plain-English guide: each QMSR section and the topics users ask about')
    .argument('[topic]', 'a topic or section, e.g. records, 820.35, design-development; omit to list them')
    .option('-f, --format <format>', 'text, md or json', 'text')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action((topic: string | undefined, opts: Options) => done(runGuide(topic, opts)));
}

function runGuide(topic: string | undefined, opts: Options): number {
  if (!['text', 'md', 'json'].includes(opts.format)) return fail(`unknown format "${opts.format}"; use text, md or json`);
  const kb = getKnowledgeBase();
  if (!topic) {
    if (opts.format === 'json') {
      emit(toJson({ kb: { version: kb.version }, pages: kb.guide.map(({ body: _b, file: _f, ...meta }) => meta) }), opts.output);
    } else {
      const width = Math.max(...kb.guide.map((g) => g.slug.length));
      const lines = ['QMSR guide: qmsr guide TOPIC', ''];
      for (const kind of ['section', 'topic'] as const) {
        lines.push(kind === 'section' ? 'Sections' : 'Topics');
        for (const g of kb.guide.filter((p) => p.kind === kind)) lines.push(`  ${g.slug.padEnd(width)}  ${g.title}`);
        lines.push('');
      }
      emit(lines.join('\n'), opts.output);
    }
    return EXIT.ok;
  }
  const found = findGuidePage(kb, topic);
  if (!found.ok) return fail(found.error, found.suggestions);
  const page = found.page;
  if (opts.format === 'json') emit(toJson({ kb: { version: kb.version }, ...withoutFile(page) }), opts.output);
  else if (opts.format === 'md') emit(`# ${page.title}\n\n${page.body.trim()}\n\n---\nqmsr knowledge base ${kb.version}\n`, opts.output);
  else emit(pageText(page, kb.version), opts.output);
  return EXIT.ok;
}

function withoutFile(page: GuidePage): Omit<GuidePage, 'file'> {
  const { file: _file, ...rest } = page;
  return rest;
}

/** A guide page for a terminal: headings underlined, Markdown emphasis removed, prose wrapped. */
function pageText(page: GuidePage, kbVersion: string): string {
  const out = [page.title, '='.repeat(page.title.length), '', wrap(page.summary), ''];
  for (const raw of page.body.split('\n')) {
    const line = raw.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
    const heading = /^#{2,6}\s+(.*)$/.exec(line);
    if (heading) out.push(heading[1]!, '-'.repeat(heading[1]!.length));
    else if (/^\s*[-*]\s+/.test(line)) out.push(`  - ${wrap(line.replace(/^\s*[-*]\s+/, ''), 88, '    ').slice(4)}`);
    else if (line.trim() === '') out.push('');
    else out.push(wrap(line));
  }
  out.push('', `qmsr knowledge base ${kbVersion}`);
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
