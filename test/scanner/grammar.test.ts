import { describe, expect, it } from 'vitest';
import { atSentenceStart, indefiniteArticle, pluralise } from '../../src/scanner/grammar.js';

describe('grammar helpers', () => {
  it('pluralises the last word', () => {
    expect(pluralise('production record')).toBe('production records');
    expect(pluralise('MDF')).toBe('MDFs');
    expect(pluralise('process agent')).toBe('process agents');
    expect(pluralise('nonconformity')).toBe('nonconformities');
  });

  it('chooses a or an by sound', () => {
    expect(indefiniteArticle('MDF')).toBe('an');
    expect(indefiniteArticle('UDI production identifier')).toBe('a');
    expect(indefiniteArticle('internal audit')).toBe('an');
    expect(indefiniteArticle('design and development file')).toBe('a');
    expect(indefiniteArticle('QMSR')).toBe('a');
  });

  it('knows a sentence start', () => {
    expect(atSentenceStart('')).toBe(true);
    expect(atSentenceStart('Done. ')).toBe(true);
    expect(atSentenceStart('The ')).toBe(false);
  });
});
