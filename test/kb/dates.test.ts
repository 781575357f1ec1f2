/**
 * Dates from the knowledge base as people read them.
 */
import { describe, expect, it } from 'vitest';
import { dayBefore, longDate, shortDate } from '../../src/kb/dates.js';
import { getKnowledgeBase } from '../../src/kb/load.js';

describe('knowledge-base dates', () => {
  it('writes a date in full or with a three-letter month', () => {
    expect(longDate('2026-02-02')).toBe('2 February 2026');
    expect(shortDate('2026-02-02')).toBe('2 Feb 2026');
    expect(shortDate('2025-09-15')).toBe('15 Sep 2025');
  });

  it('finds the day before, across months and leap years', () => {
    expect(dayBefore('2026-02-02')).toBe('2026-02-01');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
  });

  it('puts the last day of the old QSR right before the QMSR took effect', () => {
    const kb = getKnowledgeBase();
    expect(kb.qsr.supersededOn).toBe(kb.qmsr.effective);
    expect(shortDate(dayBefore(kb.qsr.supersededOn!))).toBe('1 Feb 2026');
    expect(shortDate(kb.qmsr.effective)).toBe('2 Feb 2026');
  });
});
