import { describe, expect, it } from 'vitest';
import { expectGolden } from '../support/golden.js';
import { runCli } from '../support/run-cli.js';

interface ExplainJson {
  input: string;
  citation: string;
  regulation: 'QSR' | 'QMSR';
  status: string;
  title: string;
  isoClauses: string[];
  qmsrProvisions: string[];
  fdaSpecific: boolean;
  summary: string;
  notes: string[];
}

async function explainJson(...input: string[]): Promise<ExplainJson> {
  const run = await runCli(['explain', ...input, '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ExplainJson;
}

describe('qmsr explain', () => {
  it('answers an old design-control paragraph with its ISO clause and QMSR home', async () => {
    const e = await explainJson('820.30(g)');
    expect(e).toMatchObject({ citation: '820.30(g)', regulation: 'QSR', status: 'removed', title: 'Design validation' });
    expect(e.isoClauses).toContain('7.3.7');
    expect(e.qmsrProvisions).toContain('820.10(c)');
    expect(e.summary.length).toBeGreaterThan(20);
  });

  it('answers a current FDA-specific provision', async () => {
    const e = await explainJson('21 CFR 820.35(a)');
    expect(e).toMatchObject({ citation: '820.35(a)', regulation: 'QMSR', status: 'current', fdaSpecific: true });
    expect(e.isoClauses).toContain('8.2.2');
  });

  it('reads every citation style to the same answer', async () => {
    for (const form of ['§ 820.184', '21CFR820.184', 'QSR 820.184', 'Sec. 820.184', '21 CFR Part 820.184', '21 C.F.R. § 820.184']) {
      expect((await explainJson(form)).citation, form).toBe('820.184');
    }
    expect((await explainJson('21.CFR.820.20.b.3.i')).citation).toBe('820.20(b)(3)(i)');
  });

  it('knows the complaint-record move from 820.198(e) to 820.35(a)', async () => {
    const e = await explainJson('820.198(e)');
    expect(e.qmsrProvisions).toContain('820.35(a)');
  });

  it('explains a subpart', async () => {
    const e = await explainJson('Subpart', 'M');
    expect(e).toMatchObject({ citation: 'Subpart M', regulation: 'QSR', status: 'removed', title: 'Records' });
    expect(e.qmsrProvisions).toContain('820.35(a)');
  });

  it('reads an old section as the new regulation when asked', async () => {
    const run = await runCli(['explain', '820.30', '--regulation', 'QMSR', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ regulation: 'QMSR', status: 'reserved' });
  });

  it('says 820.15 is not in the final rule', async () => {
    const e = await explainJson('820.15');
    expect(e.status).toBe('unknown');
    expect(e.summary + e.notes.join(' ')).toMatch(/final rule/i);
  });

  it('warns that 820.3(b) meant something else in QSR-era documents', async () => {
    const e = await explainJson('820.3(b)');
    expect(e.regulation).toBe('QMSR');
    expect(e.notes.join(' ')).toMatch(/Complaint/);
  });

  it('answers every old and every current provision in the knowledge base', async () => {
    const { getKnowledgeBase } = await import('../../src/kb/load.js');
    const { explain } = await import('../../src/kb/explain.js');
    const kb = getKnowledgeBase();
    const failures: string[] = [];
    for (const reg of [kb.qsr, kb.qmsr]) {
      for (const p of reg.provisions.values()) {
        const out = explain(kb, p.citation, { regulation: reg.name });
        if (!out.ok) failures.push(`${reg.name} ${p.citation}: ${out.error}`);
        else if (out.explanation.citation !== p.citation || out.explanation.title.length === 0) failures.push(`${reg.name} ${p.citation}: wrong answer`);
        else if (reg.name === 'QSR' && out.explanation.isoClauses.length + out.explanation.qmsrProvisions.length === 0 && out.explanation.relation !== 'removed' && out.explanation.relation !== 'no-equivalent') {
          failures.push(`${p.citation}: no destination`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('rejects a section that does not exist, exit 2, with the nearest ones', async () => {
    const run = await runCli(['explain', '820.31']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/820\.31 is not a section/);
    expect(run.stderr).toMatch(/820\.30 Design controls/);
  });

  it('rejects a paragraph that does not exist and lists the real ones', async () => {
    const run = await runCli(['explain', '820.30(z)']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\(a\).*\(j\)/);
  });

  it('rejects garbage with exit 2', async () => {
    const run = await runCli(['explain', 'hello']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/qmsr:/);
  });

  it('matches the golden outputs', async () => {
    for (const c of ['820.30(g)', '820.35', '820.180(c)', 'Subpart M', '820.3(x)', '21 CFR Part 803']) {
      const text = await runCli(['explain', c]);
      expectGolden(`explain/${c.replace(/[^a-z0-9.()]+/gi, '_')}.txt`, text.stdout);
      const json = await runCli(['explain', c, '--format', 'json']);
      expectGolden(`explain/${c.replace(/[^a-z0-9.()]+/gi, '_')}.json`, json.stdout);
    }
  });
});
