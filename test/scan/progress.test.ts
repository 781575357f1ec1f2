import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

/** A stream that says it is a terminal and keeps what is written to it. */
function terminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  Object.assign(stream, { isTTY: true, columns: 120, rows: 40 });
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  // eslint-disable-next-line no-control-regex
  return { stream, text: () => Buffer.concat(chunks).toString('utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') };
}

describe('scan progress', () => {
  it('shows files done out of the total, findings so far and the current file', () => {
    const t = terminal();
    const progress = createProgress(true, t.stream);
    progress.update({ discovered: 3, discoveryDone: false, done: 1, failed: 0, findings: 2, current: 'SOPs/a.docx' });
    progress.log('qmsr: a diagnostic line'); // printed above the bar, which is drawn again at once
    progress.update({ discovered: 5, discoveryDone: false, total: 10, done: 3, failed: 0, findings: 4, current: 'SOPs/b.pdf' });
    progress.log('qmsr: another line');
    progress.stop();
    const text = t.text();
    expect(text).toContain('1/3+ files | 2 findings | SOPs/a.docx');
    expect(text).toContain('3/10 files | 4 findings | SOPs/b.pdf');
    expect(text).toContain('qmsr: a diagnostic line\n');
    expect(text.indexOf('1/3+')).toBeLessThan(text.indexOf('qmsr: another line'));
  });

  it('draws nothing when disabled, but still passes log lines through', () => {
    const t = terminal();
    const progress = createProgress(false, t.stream);
    progress.update({ discovered: 3, discoveryDone: true, done: 1, failed: 0, findings: 2, current: 'a.md' });
    progress.log('qmsr: skipped 2 file(s)');
    progress.stop();
    expect(t.text()).toBe('qmsr: skipped 2 file(s)\n');
  });
});
