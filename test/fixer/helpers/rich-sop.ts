/**
 * A real Word SOP with everything a redline must not damage, built with the
 * `docx` package: a custom paragraph style, a numbered list, an image, a
 * table, a header, a footnote, a tracked insertion and a tracked deletion by
 * another author, and an existing comment. The texts hold outdated citations
 * (one split across three runs with different formatting), an obsolete term,
 * and a statement about the old 820.180(c) exemption.
 */
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  Header,
  ImageRun,
  InsertedTextRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';

/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Texts of the fixture, so tests can name what they look for. */
export const TEXT = {
  split: ['Design outputs are validated per ', '21 CFR ', '820.', '30(g)', ' before release.'],
  term: 'The Device History Record is reviewed by QA.',
  exemption: 'Internal audit reports are not subject to FDA inspection under 21 CFR 820.180(c).',
  numbered: ['Open a CAPA per 21 CFR 820.100 when a trend is found.', 'Close the CAPA.'],
  table: 'Supplier controls: 21 CFR 820.50',
  header: 'SOP-001 controlled under 21 CFR 820.40',
  footnote: 'Records are kept as required by 21 CFR 820.184.',
  inserted: 'added 21 CFR 820.90 wording',
  deleted: 'removed text about 21 CFR 820.22',
  commented: 'Complaint files follow 21 CFR 820.198.',
  hyperlink: '21 CFR 820.72',
} as const;

/** Builds the fixture. */
export async function buildRichSop(): Promise<Buffer> {
  const date = '2025-03-01T10:00:00Z';
  const doc = new Document({
    creator: 'qmsr fixer tests',
    styles: {
      paragraphStyles: [{ id: 'SopBody', name: 'SOP Body', basedOn: 'Normal', run: { color: '1F4E79', font: 'Arial' }, paragraph: { spacing: { after: 120 } } }],
    },
    numbering: {
      config: [{ reference: 'steps', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }],
    },
    comments: {
      children: [{ id: 0, author: 'Carol QA', initials: 'CQ', date: new Date(date), children: [new Paragraph('Check this against the complaint SOP.')] }],
    },
    footnotes: { 1: { children: [new Paragraph(TEXT.footnote)] } },
    sections: [
      {
        headers: { default: new Header({ children: [new Paragraph(TEXT.header)] }) },
        children: [
          new Paragraph({ text: 'Purpose', style: 'SopBody' }),
          new Paragraph({ text: 'This procedure applies to all product lines.', style: 'SopBody' }),
          new Paragraph({
            style: 'SopBody',
            children: [
              new TextRun(TEXT.split[0]),
              new TextRun({ text: TEXT.split[1], bold: true }),
              new TextRun({ text: TEXT.split[2], italics: true }),
              new TextRun({ text: TEXT.split[3], bold: true, italics: true, color: 'C00000' }),
              new TextRun(TEXT.split[4]),
            ],
          }),
          new Paragraph({ style: 'SopBody', text: TEXT.term }),
          new Paragraph({ style: 'SopBody', text: TEXT.exemption }),
          ...TEXT.numbered.map((t) => new Paragraph({ text: t, numbering: { reference: 'steps', level: 0 } })),
          new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph(TEXT.table)] }), new TableCell({ children: [new Paragraph('QA')] })] })] }),
          new Paragraph({ children: [new TextRun('See the footnote'), new FootnoteReferenceRun(1)] }),
          new Paragraph({
            children: [
              new TextRun('Revision history: '),
              new InsertedTextRun({ text: TEXT.inserted, id: 901, author: 'Alice Author', date }),
              new TextRun(' and '),
              new DeletedTextRun({ text: TEXT.deleted, id: 902, author: 'Bob Reviewer', date }),
              new TextRun('.'),
            ],
          }),
          new Paragraph({ children: [new CommentRangeStart(0), new TextRun(TEXT.commented), new CommentRangeEnd(0), new TextRun({ children: [new CommentReference(0)] })] }),
          new Paragraph({ children: [new TextRun('Calibration: see '), new ExternalHyperlink({ link: 'https://www.ecfr.gov/current/title-21/part-820', children: [new TextRun({ text: TEXT.hyperlink, style: 'Hyperlink' })] }), new TextRun('.')] }),
          new Paragraph({ children: [new TextRun({ text: 'Approved by the quality manager.', bold: true })] }),
          new Paragraph({ children: [new ImageRun({ type: 'png', data: PNG, transformation: { width: 24, height: 24 } }), new TextRun(' Figure 1: label')] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
