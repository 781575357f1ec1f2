/**
 * Writes the binary example SOPs in examples/sops/ (.docx and .pdf) with the
 * project's own builders. The Markdown SOPs in that folder are written by hand
 * and are not touched. Output is deterministic: the same script gives the same
 * bytes, so the files can be committed and a rebuild shows no diff.
 *
 * The documents are our own text for a fictional class II device maker,
 * Northwind Medical, whose quality system was written under the old QSR.
 * examples/sops/README.md says what each file demonstrates.
 *
 * Run: npx tsx scripts/build-examples.ts
 * (test/corpus/examples.test.ts checks that the committed files are what it builds.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDocx, type DocxSpec } from '../test/support/builders/docx-builder.js';
import { buildPdf, type PdfSpec } from '../test/support/builders/pdf-builder.js';

const outDir = join(import.meta.dirname, '..', 'examples', 'sops');
const COMPANY = 'Northwind Medical';

/** SOP-001: plain citations, the Quality System Regulation by name, the DMR, and a retention period tied to 820.180(b). */
const sop001: DocxSpec = {
  title: 'SOP-001 Document Control',
  author: 'J. Alvarez',
  date: '2019-04-02T00:00:00Z',
  header: [`${COMPANY} · SOP-001 Document Control · Rev C`],
  footer: ['Controlled copy. Printed copies are uncontrolled.'],
  body: [
    { runs: 'SOP-001 Document Control', title: true },
    { runs: '1. Purpose', heading: 1 },
    `This procedure defines how ${COMPANY} creates, reviews, approves, issues and changes controlled documents, as required by 21 CFR 820.40 of the Quality System Regulation.`,
    { runs: '2. Scope', heading: 1 },
    'It applies to every document of the quality system: the quality manual, procedures, work instructions, forms, specifications and the Device Master Record (DMR) of each device.',
    { runs: '3. Responsibilities', heading: 1 },
    { runs: 'Document Control assigns document control numbers, keeps the master list and distributes approved documents.', bullet: true },
    { runs: 'Each document owner drafts changes and routes them for review.', bullet: true },
    { runs: '4. Procedure', heading: 1 },
    { runs: '4.1 Document approval and distribution', heading: 2 },
    'Each document is reviewed and approved by a designated individual before issue (21 CFR 820.40(a)). The approval, including the date and signature of the approver, is recorded in the electronic document management system.',
    'Approved documents are available at every location where they are used; obsolete documents are promptly removed from all points of use.',
    { runs: '4.2 Document changes', heading: 2 },
    'Changes are reviewed and approved by the same function that approved the original document, unless another function is designated (21 CFR 820.40(b)). Each change record includes a description of the change, the affected documents, the approver, the approval date and the effective date.',
    { runs: '4.3 Document numbering', heading: 2 },
    {
      table: [
        ['Document type', 'Prefix', 'Approved by'],
        ['Quality manual', 'QM', 'President and Quality Director'],
        ['Standard operating procedure', 'SOP', 'Quality Director'],
        ['Work instruction', 'WI', 'Department manager'],
        ['Device Master Record index', 'DMR', 'Engineering Director'],
      ],
    },
    { runs: '4.4 Record retention', heading: 2 },
    'Quality records are retained for a period equivalent to the design and expected life of the device, but in no case less than two years from the date of release for commercial distribution, per 21 CFR 820.180(b).',
    { runs: '5. References', heading: 1 },
    { runs: 'ISO 13485:2016 clause 4.2.4, Control of documents', bullet: true },
    { runs: 'ISO 13485:2016 clause 4.2.5, Control of records', bullet: true },
    { runs: 'SOP-003 Corrective and Preventive Action', bullet: true },
  ],
};

/**
 * SOP-002: a citation split over three runs with different formatting, a table
 * of references, a paragraph list written without markers, the citation in
 * the page header, and a footnote that quotes the QSR's design review wording.
 */
const sop002: DocxSpec = {
  title: 'SOP-002 Design Controls',
  author: 'P. Okafor',
  date: '2020-09-14T00:00:00Z',
  header: ['SOP-002 Design Controls — 21 CFR 820.30'],
  footer: [`${COMPANY} · Rev E`],
  footnotes: {
    1: 'Per 21 CFR 820.30(e), each design review includes an individual who does not have direct responsibility for the design stage being reviewed.',
  },
  body: [
    { runs: 'SOP-002 Design Controls', title: true },
    { runs: '1. Purpose', heading: 1 },
    'This procedure controls the design of class II devices so that specified design requirements are met, from the design plan to design transfer.',
    { runs: '2. Design plan and reviews', heading: 1 },
    'The project leader prepares a design and development plan that describes the activities, the responsibilities and the interfaces between groups. The plan is reviewed and updated as the design evolves.',
    { runs: ['Formal design reviews are held at the end of each design phase and include at least one independent reviewer.', { footnote: 1 }] },
    { runs: '3. Verification, validation and transfer', heading: 1 },
    {
      runs: [
        'Design validation shall be performed under defined operating conditions on initial production units, lots or batches, as required by 21 CFR ',
        { text: '820.30', bold: true },
        '(g). Validation includes software validation and risk analysis, where appropriate.',
      ],
    },
    'Verification, validation and transfer (820.30(f), (g) and (h)) are each closed with a signed report before the device is released for production.',
    { runs: '4. Design history file', heading: 1 },
    'The design history file (DHF) for each device contains or references the records that show the design was developed in accordance with the approved design plan.',
    { runs: '5. Requirements and records', heading: 1 },
    {
      table: [
        ['Activity', 'Requirement', 'Record'],
        ['Design and development planning', '21 CFR 820.30(b)', 'Design plan'],
        ['Design input', '21 CFR 820.30(c)', 'Design input requirements'],
        ['Design output', '21 CFR 820.30(d)', 'Drawings, specifications, software'],
        ['Design review', '21 CFR 820.30(e)', 'Design review minutes'],
        ['Design verification', '21 CFR 820.30(f)', 'Verification reports'],
        ['Design transfer', '21 CFR 820.30(h)', 'Transfer checklist'],
        ['Design changes', '21 CFR 820.30(i)', 'Design change orders'],
        ['Design history file', '21 CFR 820.30(j)', 'DHF index'],
      ],
    },
  ],
};

/** SOP-003: a citation broken across a line, CAPA with its spelled-out pair, nonconformance, a list of two citations. */
const sop003: PdfSpec = {
  title: 'SOP-003 Corrective and Preventive Action',
  pages: [
    {
      header: `${COMPANY} · SOP-003 Corrective and Preventive Action · Rev D`,
      footer: 'Page {page} of 2',
      blocks: [
        { text: 'SOP-003 Corrective and Preventive Action', size: 16, bold: true },
        { text: '1. Purpose', bold: true },
        { text: 'This procedure describes the corrective and preventive action (CAPA) system required by 21 CFR 820.100.' },
        { text: '2. Sources of quality data', bold: true },
        {
          lines: [
            'Quality data are analysed from the sources listed in 21 CFR',
            '820.100(a)(1): processes, work operations, concessions, audit reports,',
            'quality records, service records, complaints and returned product.',
          ],
        },
        { text: 'Nonconformance reports (NCRs) raised under 21 CFR 820.90 are trended every month and reviewed by the CAPA board.' },
      ],
    },
    {
      header: `${COMPANY} · SOP-003 Corrective and Preventive Action · Rev D`,
      footer: 'Page {page} of 2',
      blocks: [
        { text: '3. Investigation and action', bold: true },
        { text: 'The CAPA owner investigates the cause of the nonconformity and identifies the action needed to correct it and prevent recurrence.' },
        { text: 'The action is verified or validated to ensure that it is effective and does not adversely affect the finished device (§ 820.100(a)(4)).' },
        { text: '4. Management review', bold: true },
        { text: 'Information on quality problems and on the actions taken is submitted for management review (21 CFR 820.100(a)(7) and 820.20(c)).' },
      ],
    },
  ],
};

/** SOP-005: the old claim that management review reports are exempt from FDA inspection, and a reviewer's comment. */
const sop005: DocxSpec = {
  title: 'SOP-005 Management Review',
  author: 'R. Lindqvist',
  date: '2018-11-20T00:00:00Z',
  header: [`${COMPANY} · SOP-005 Management Review · Rev B`],
  body: [
    { runs: 'SOP-005 Management Review', title: true },
    { runs: '1. Purpose', heading: 1 },
    'Management with executive responsibility reviews the suitability and effectiveness of the quality system at least once a year, as required by 21 CFR 820.20(c).',
    { runs: '2. Inputs', heading: 1 },
    { runs: 'Results of internal and supplier audits', bullet: true },
    { runs: 'Complaint trends and MDR reports', bullet: true },
    { runs: 'Status of CAPA and of nonconforming product', bullet: true },
    { runs: 'Changes that could affect the quality policy and objectives', bullet: true },
    { runs: '3. Outputs and records', heading: 1 },
    'Minutes record the attendees, the inputs reviewed, the decisions and the actions, with owners and due dates.',
    {
      runs: 'Management review reports are exempt from FDA inspection under 21 CFR 820.180(c).',
      comment: { text: 'Please check whether 820.180(c) still applies before the next FDA inspection.', author: 'QA Reviewer' },
    },
    'When an investigator asks, the Management Representative certifies in writing that management reviews have been performed and documented.',
    { runs: '4. Management representative', heading: 1 },
    'The President appoints a Management Representative under 21 CFR 820.20(b)(3), who reports on the performance of the quality system.',
  ],
};

/** SOP-006: running header with a citation on every page, control number, DHR, DMR, bare citations in a regulatory text. */
const sop006: PdfSpec = {
  title: 'SOP-006 Labeling and Packaging Control',
  pages: [
    {
      header: 'SOP-006 Labeling and Packaging Control (21 CFR 820.120)',
      footer: `${COMPANY} · Rev C · Page {page}`,
      blocks: [
        { text: 'SOP-006 Labeling and Packaging Control', size: 16, bold: true },
        { text: '1. Label inspection', bold: true },
        {
          text: 'Labeling is examined for accuracy before release or storage, including the correct expiration date, control number, storage instructions, handling instructions and any additional processing instructions (21 CFR 820.120(b)).',
        },
        { text: 'The release, including the date and signature of the individual performing the examination, is documented in the DHR.' },
        { text: '2. Storage and operations', bold: true },
        { text: 'Labels are stored in a manner that provides proper identification and is designed to prevent mixups (820.120(c)).' },
      ],
    },
    {
      header: 'SOP-006 Labeling and Packaging Control (21 CFR 820.120)',
      footer: `${COMPANY} · Rev C · Page {page}`,
      blocks: [
        { text: 'Each label applied on the line is checked against the label specification in the Device Master Record.' },
        { text: '3. Packaging', bold: true },
        { text: 'Device packaging and shipping containers are designed to protect the device from alteration or damage during processing, storage, handling and distribution (21 CFR 820.130).' },
      ],
    },
  ],
};

/** QM-001: the record types the QMSR dropped, management with executive responsibility, QSIT, old subparts, and the ambiguous QSR. */
const qm001: DocxSpec = {
  title: 'QM-001 Quality Manual',
  author: 'M. Chen',
  date: '2017-06-01T00:00:00Z',
  header: [`${COMPANY} · QM-001 Quality Manual · Rev F`],
  body: [
    { runs: 'QM-001 Quality Manual', title: true },
    { runs: '1. Scope', heading: 1 },
    `This manual describes the quality system of ${COMPANY}, which designs, manufactures and services class I and class II devices. It is written to meet the Quality System Regulation (21 CFR Part 820) and ISO 13485:2016.`,
    { runs: '2. Management responsibility', heading: 1 },
    'Management with executive responsibility establishes the quality policy and objectives and ensures that they are understood, implemented and maintained at all levels of the organization.',
    { runs: '3. Structure of the quality system', heading: 1 },
    'The procedures follow the subparts of the regulation:',
    {
      table: [
        ['Subpart', 'Procedure'],
        ['Subpart C — Design Controls', 'SOP-002'],
        ['Subpart D — Document Controls', 'SOP-001'],
        ['Subpart E — Purchasing Controls', 'SOP-007'],
        ['Subpart J — Corrective and Preventive Action', 'SOP-003'],
        ['Subpart K — Labeling and Packaging Control', 'SOP-006'],
      ],
    },
    { runs: '4. Records', heading: 1 },
    { runs: 'Device master record (DMR), 21 CFR 820.181: the procedures and specifications for each device.', bullet: true },
    { runs: 'Device history record (DHR), 21 CFR 820.184: the production history of each batch, lot or unit.', bullet: true },
    { runs: 'Design history file (DHF), 21 CFR 820.30(j): the design history of each device.', bullet: true },
    { runs: 'Quality system record (QSR), 21 CFR 820.186: the procedures and records that are not specific to one device.', bullet: true },
    { runs: '5. Inspections', heading: 1 },
    'FDA inspections of our facility follow the Quality System Inspection Technique.',
    { runs: '6. Exclusions', heading: 1 },
    'Installation (21 CFR 820.170) does not apply: our devices are installed by the user following the instructions for use.',
  ],
};

/**
 * SOP-008: already updated for the QMSR. It cites only provisions that are
 * correct today (820.10, 820.35(a), 820.45, Parts 803 and 806, ISO 13485:2016
 * clauses) and uses current terms, so a scan reports nothing.
 */
const sop008: DocxSpec = {
  title: 'SOP-008 Customer Feedback and Complaint Records',
  author: 'A. Novak',
  date: '2026-01-15T00:00:00Z',
  header: [`${COMPANY} · SOP-008 Customer Feedback and Complaint Records · Rev A (QMSR)`],
  body: [
    { runs: 'SOP-008 Customer Feedback and Complaint Records', title: true },
    { runs: '1. Purpose', heading: 1 },
    `This procedure describes how ${COMPANY} gathers customer feedback and handles complaints under the Quality Management System Regulation (QMSR), 21 CFR Part 820 as in force from 2 February 2026, which requires a quality management system that meets ISO 13485:2016 (21 CFR 820.10(a)).`,
    { runs: '2. Requirements', heading: 1 },
    {
      table: [
        ['Topic', 'Requirement'],
        ['Feedback', 'ISO 13485:2016 clause 8.2.1'],
        ['Complaint handling', 'ISO 13485:2016 clause 8.2.2'],
        ['Reporting to regulatory authorities', 'ISO 13485:2016 clause 8.2.3; 21 CFR Part 803'],
        ['Content of complaint records', '21 CFR 820.35(a)'],
        ['Corrections and removals', '21 CFR Part 806'],
        ['Labeling changes', '21 CFR 820.45 and ISO 13485:2016 clause 7.5.1'],
      ],
    },
    { runs: '3. Procedure', heading: 1 },
    'Every complaint is recorded when it is received. Quality Assurance reviews it within two working days and decides whether an investigation is needed; a decision not to investigate is justified and signed.',
    'Regulatory Affairs decides whether the event must be reported under 21 CFR 803.50 and files the report within the time the regulation allows.',
    'The complaint record includes the device name, the date the complaint was received, any UDI or UPC and other device identification, the complainant, the nature of the complaint, the results of the investigation, any correction or corrective action, and any reply (21 CFR 820.35(a)).',
    'When a complaint leads to a labeling change, the new labeling is examined for accuracy and its release documented as 21 CFR 820.45 requires.',
    'Complaint trends are an input to management review (ISO 13485:2016 clause 5.6.2) and to corrective action (clause 8.5.2).',
  ],
};

/** Every binary example, by file name, in the order they are written. */
export async function buildExamples(): Promise<[string, Buffer][]> {
  return [
    ['SOP-001 Document Control.docx', await buildDocx(sop001)],
    ['SOP-002 Design Controls.docx', await buildDocx(sop002)],
    ['SOP-003 CAPA.pdf', await buildPdf(sop003)],
    ['SOP-005 Management Review.docx', await buildDocx(sop005)],
    ['SOP-006 Labeling.pdf', await buildPdf(sop006)],
    ['QM-001 Quality Manual.docx', await buildDocx(qm001)],
    ['SOP-008 Customer Feedback (QMSR).docx', await buildDocx(sop008)],
  ];
}

export const examplesDir = outDir;

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(outDir, { recursive: true });
  for (const [name, bytes] of await buildExamples()) {
    writeFileSync(join(outDir, name), bytes);
    console.log(`wrote examples/sops/${name} (${bytes.length} bytes)`);
  }
}
