/**
 * replacementFor: the text an old citation becomes. A QMSR provision that
 * only makes ISO 13485 binding (820.10(a), flagged `isoHook` in
 * kb/regulations/qmsr.yaml) is left out when a more specific one is given.
 */
import { describe, expect, it } from 'vitest';
import { getKnowledgeBase } from '../../src/kb/load.js';
import type { KnowledgeBase } from '../../src/kb/model.js';
import { replacementFor } from '../../src/scanner/replacement.js';

const kb = getKnowledgeBase();
const entry = (qsr: string) => kb.crosswalk.get(qsr)!;

/** The shipped knowledge base with the isoHook flag taken off 820.10(a). */
function withoutHook(): KnowledgeBase {
  const provisions = new Map(kb.qmsr.provisions);
  provisions.set('820.10(a)', { ...provisions.get('820.10(a)')!, isoHook: false });
  return { ...kb, qmsr: { ...kb.qmsr, provisions } };
}

describe('replacementFor', () => {
  it('leaves 820.10(a) out beside a more specific QMSR provision', () => {
    expect(entry('820.60').qmsrProvisions).toEqual(['820.10(a)', '820.10(b)(1)', '820.35(c)']);
    expect(replacementFor(kb, entry('820.60'), '820.60', 'iso-qmsr')).toEqual({
      text: 'ISO 13485:2016 clause 7.5.8 (21 CFR 820.10(b)(1) and 820.35(c))',
      isoClauses: ['7.5.8'],
      qmsrProvisions: ['820.10(b)(1)', '820.35(c)'],
    });
  });

  it('keeps 820.10(a) when it is the only QMSR provision', () => {
    expect(replacementFor(kb, entry('820.22'), '820.22', 'qmsr-iso')?.text).toBe('21 CFR 820.10(a) and ISO 13485:2016 clause 8.2.4');
  });

  it('reads the flag from the knowledge base it is given', () => {
    expect(replacementFor(withoutHook(), entry('820.60'), '820.60', 'iso-qmsr')?.qmsrProvisions).toEqual(['820.10(a)', '820.10(b)(1)', '820.35(c)']);
  });
});
