/**
 * The web app's pure helpers (web/src/lib, api.ts, router.tsx): citation
 * links, crosswalk search, Markdown rendering, file names from downloads,
 * document locations, password rules, URLs.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { apiUrl, filenameFrom } from '../../web/src/api.js';
import { Markdown, parseBlocks } from '../../web/src/components/Markdown.js';
import { citationParts, crosswalkQuery, isoClauseOf } from '../../web/src/lib/citations.js';
import { filterCrosswalk, partCitation } from '../../web/src/lib/crosswalk-filter.js';
import { describeLocation } from '../../web/src/lib/location.js';
import { passwordProblems } from '../../web/src/lib/passwords.js';
import { parseProfileJson } from '../../web/src/lib/profile.js';
import { matchPath, pathOf } from '../../web/src/router.js';
import type { CrosswalkRow } from '../../web/src/types.js';

describe('citations', () => {
  it('turns each part of a bracket into the crosswalk query it should open', () => {
    expect(citationParts('former §820.30(g); ISO 13485 7.3.7; 21 CFR Part 806; 89 FR 7507; CP 7382.850')).toEqual([
      { text: 'former §820.30(g)', query: '820.30(g)' },
      { text: 'ISO 13485 7.3.7', query: 'ISO 13485 7.3.7' },
      { text: '21 CFR Part 806', query: '21 CFR Part 806' },
      { text: '89 FR 7507' },
      { text: 'CP 7382.850' },
    ]);
    expect(crosswalkQuery('§820.10(c)(1)')).toBe('820.10(c)(1)');
    expect(crosswalkQuery('FDA QMSR FAQ')).toBeUndefined();
    expect(isoClauseOf('ISO 13485:2016 7.5.6')).toBe('7.5.6');
    expect(isoClauseOf('820.30')).toBeUndefined();
  });
});

describe('crosswalk search', () => {
  const row = (qsr: string, iso: string[], qmsr: string[], title = 'x'): CrosswalkRow => ({
    qsr,
    title,
    section: qsr.replace(/\(.*$/, ''),
    sectionTitle: 'Design controls',
    subpart: 'C',
    relation: 'partial',
    isoClauses: iso,
    isoTitles: iso,
    qmsrProvisions: qmsr,
    rationale: 'because',
    notes: [],
    confidence: 'confirmed',
    sources: [],
    kbRef: `cw.${qsr}`,
  });
  const rows = [
    row('820.30', ['7.3'], ['820.10(c)']),
    row('820.30(g)', ['7.3.7', '7.1'], ['820.10(c)'], 'Design validation'),
    row('820.198', ['8.2.2'], ['820.35(a)'], 'Complaint files'),
  ];

  it('finds an old citation and its paragraphs, however it is written', () => {
    expect(partCitation('21 CFR § 820.30 (g)')).toBe('820.30(g)');
    expect(filterCrosswalk(rows, '21 CFR 820.30').map((r) => r.qsr)).toEqual(['820.30', '820.30(g)']);
    expect(filterCrosswalk(rows, '820.30(g)').map((r) => r.qsr)).toEqual(['820.30(g)']);
  });

  it('finds QMSR destinations, ISO clauses with their subclauses, and words', () => {
    expect(filterCrosswalk(rows, '820.35').map((r) => r.qsr)).toEqual(['820.198']);
    expect(filterCrosswalk(rows, 'ISO 13485 7.3').map((r) => r.qsr)).toEqual(['820.30', '820.30(g)']);
    expect(filterCrosswalk(rows, 'complaint FILES').map((r) => r.qsr)).toEqual(['820.198']);
    expect(filterCrosswalk(rows, '  ')).toHaveLength(3);
  });
});

describe('Markdown', () => {
  it('splits headings, lists and paragraphs', () => {
    expect(parseBlocks('## What it requires\n\n- one\n- two\n  continued\n\nA paragraph\nover two lines.').map((b) => b.kind)).toEqual([
      'heading',
      'list',
      'paragraph',
    ]);
    const list = parseBlocks('- one\n- two\n  continued')[0];
    expect(list).toEqual({ kind: 'list', ordered: false, items: ['one', 'two continued'] });
  });

  it('links bracketed sources to the crosswalk and leaves other brackets alone', () => {
    const html = renderToStaticMarkup(createElement(Markdown, { source: '- **FDA-specific:** Keep records. [§820.35(a); ISO 13485 4.2.5; 89 FR 7507] [sic]' }));
    expect(html).toContain('<strong>FDA-specific:</strong>');
    expect(html).toContain('href="/crosswalk?q=820.35(a)"');
    expect(html).toContain('href="/crosswalk?q=ISO%2013485%204.2.5"');
    expect(html).toContain('<cite class="cite-plain">89 FR 7507</cite>');
    expect(html).toContain('[sic]');
  });

  it('never lets page text become markup, and drops script links', () => {
    const html = renderToStaticMarkup(createElement(Markdown, { source: 'Hello <img src=x onerror=alert(1)> [bad](javascript:alert(1))' }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(html).not.toContain('javascript:');
  });
});

describe('api helpers', () => {
  it('builds query strings from defined values only', () => {
    expect(apiUrl('/api/x', { a: 'b c', n: 0, f: false, u: undefined, e: '' })).toBe('/api/x?a=b+c&n=0&f=false');
    expect(apiUrl('/api/x')).toBe('/api/x');
  });

  it('reads the file name of a download, preferring the UTF-8 form', () => {
    expect(filenameFrom('attachment; filename="report.pdf"')).toBe('report.pdf');
    expect(filenameFrom("attachment; filename=\"a.xlsx\"; filename*=UTF-8''N%C3%B6rdwind.xlsx")).toBe('Nördwind.xlsx');
    expect(filenameFrom(null)).toBeUndefined();
  });
});

describe('small helpers', () => {
  it('describes where in a document', () => {
    expect(describeLocation({ page: 3 })).toBe('page 3');
    expect(describeLocation({ paragraph: 12, table: { index: 1, row: 2, column: 3 } })).toBe('paragraph 12, table 1, row 2, column 3');
    expect(describeLocation({ sheet: 'Register', cell: 'B4' })).toBe('sheet Register, cell B4');
    expect(describeLocation({ line: 40, part: 'word/footnotes.xml' })).toBe('line 40, in footnotes');
  });

  it('checks passwords as the server does', () => {
    expect(passwordProblems('Granite-Harbor-Lantern-42', 'qa.admin')).toEqual([]);
    expect(passwordProblems('short', 'x')).toHaveLength(1);
    expect(passwordProblems('my-name-is-rita.reviewer', 'rita.reviewer')).toEqual(['Do not use the username in the password.']);
    expect(passwordProblems('aaaaaaaaaaaaaaa', 'x')).toEqual(['Use more than three different characters.']);
  });

  it('reads a profile file and keeps its answers', () => {
    const p = parseProfileJson('{"$schema":"x","organization":"Northwind","deviceClasses":["I","II"],"servicing":true}');
    expect(p.organization).toBe('Northwind');
    expect(p.deviceClasses).toEqual(['I', 'II']);
    expect(p.servicing).toBe(true);
    expect(p.designActivities).toBe(true);
    expect('$schema' in p).toBe(false);
    expect(() => parseProfileJson('[1]')).toThrow(/one JSON object/);
  });

  it('matches routes and encodes item ids in paths', () => {
    expect(matchPath('/assessments/:id/items/:itemId', '/assessments/a1/items/qmsr.820.35(a)')).toEqual({ id: 'a1', itemId: 'qmsr.820.35(a)' });
    expect(matchPath('/assessments/:id', '/assessments/a1/checklist')).toBeNull();
    expect(pathOf('assessments', 'a 1', 'items', 'x/y')).toBe('/assessments/a%201/items/x%2Fy');
  });
});
