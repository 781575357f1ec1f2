/**
 * A small, deterministic SOP set written with the real-file builders: a Word
 * design procedure citing the old QSR, a PDF CAPA procedure, and a Markdown
 * complaint procedure that is already QMSR-ready (current citations only) and
 * carries hostile text for the escaping checks. Same bytes every time, so
 * report goldens can hold their SHA-256.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDocx } from '../support/builders/docx-builder.js';
import { buildPdf } from '../support/builders/pdf-builder.js';

/** Hostile text that must come out escaped in every report. */
export const HOSTILE = '<script>alert("x")</script>';

/** Write the SOP set into `dir` (created if needed) and return the file names. */
export async function writeSops(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const design = await buildDocx({
    title: 'SOP-010 Design Controls',
    body: [
      { runs: 'SOP-010 Design Controls', heading: 1 },
      { runs: '1. Purpose', heading: 2 },
      'This procedure implements the design control requirements of 21 CFR 820.30 for all class II devices.',
      { runs: '2. Design and development planning', heading: 2 },
      'A design and development plan is prepared per 21 CFR 820.30(b) and updated as the project evolves.',
      { runs: '3. Design validation', heading: 2 },
      'Design validation per 21 CFR 820.30(g) is performed on initial production units under simulated use conditions.',
      { runs: '4. Design history file', heading: 2 },
      'The Design History File (DHF) for each device is kept by Quality Assurance.',
    ],
  });
  const capa = await buildPdf({
    title: 'SOP-011 CAPA',
    pages: [
      {
        blocks: [
          { text: 'SOP-011 Corrective and Preventive Action', size: 16, bold: true },
          { space: 10 },
          { text: 'This procedure meets 21 CFR 820.100 for corrective and preventive action (CAPA).' },
          { text: 'Root cause investigation follows ISO 13485:2016 clause 8.5.2 and records are reviewed at management review.' },
        ],
      },
    ],
  });
  const complaints = [
    '# SOP-012 Complaint Handling',
    '',
    '## Purpose',
    '',
    'Complaint handling under ISO 13485:2016 clause 8.2.2 and 21 CFR 820.35(a), including the complaint records FDA requires.',
    '',
    `## Escalation ${HOSTILE}`,
    '',
    'Complaints that may be reportable are assessed for medical device reporting under 21 CFR 820.10(b)(3).',
    '',
  ].join('\n');
  const files: [string, Buffer | string][] = [
    ['SOP-010 Design Controls.docx', design],
    ['SOP-011 CAPA.pdf', capa],
    ['SOP-012 Complaint Handling.md', complaints],
  ];
  for (const [name, content] of files) writeFileSync(join(dir, name), content);
  return files.map(([name]) => name);
}
