/**
 * Minimal but valid OpenDocument text (.odt) and PowerPoint (.pptx) files,
 * written part by part, for reader tests. Deterministic.
 */
import { escapeXml } from './docx-builder.js';
import { buildZip } from './zip-builder.js';

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ' +
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"';

/** An .odt: `body` is the XML inside `office:text`; header and footer texts go on the default master page. */
export function buildOdt(spec: { body: string; header?: string; footer?: string; encrypted?: boolean }): Promise<Buffer> {
  const page = (tag: string, text?: string): string => (text ? `<style:${tag}><text:p>${escapeXml(text)}</text:p></style:${tag}>` : '');
  const encryption = spec.encrypted ? '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum=""/>' : '';
  return buildZip({
    mimetype: 'application/vnd.oasis.opendocument.text',
    'META-INF/manifest.xml':
      '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
      '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>' +
      `<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">${encryption}</manifest:file-entry>` +
      '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>',
    'content.xml': `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODF_NS}><office:body><office:text>${spec.body}</office:text></office:body></office:document-content>`,
    'styles.xml':
      `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${ODF_NS}><office:master-styles>` +
      `<style:master-page style:name="Standard">${page('header', spec.header)}${page('footer', spec.footer)}</style:master-page>` +
      '</office:master-styles></office:document-styles>',
  });
}

/** One slide: text paragraphs, an optional table and speaker notes. */
export interface SlideSpec {
  paragraphs: string[];
  table?: string[][];
  notes?: string[];
}

const P_NS =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A .pptx. `order` lists slide file numbers (1-based) in presentation order,
 * so the order of slides can differ from their part names as it does after
 * slides are moved in PowerPoint.
 */
export function buildPptx(spec: { slides: SlideSpec[]; order?: number[] }): Promise<Buffer> {
  const order = spec.order ?? spec.slides.map((_, i) => i + 1);
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>',
    '_rels/.rels': rels([['rId1', `${REL}/officeDocument`, 'ppt/presentation.xml']]),
    'ppt/presentation.xml': `<?xml version="1.0" encoding="UTF-8"?><p:presentation ${P_NS}><p:sldIdLst>${order
      .map((n, i) => `<p:sldId id="${256 + i}" r:id="rId${n}"/>`)
      .join('')}</p:sldIdLst></p:presentation>`,
    'ppt/_rels/presentation.xml.rels': rels(spec.slides.map((_, i) => [`rId${i + 1}`, `${REL}/slide`, `slides/slide${i + 1}.xml`])),
  };
  spec.slides.forEach((slide, i) => {
    const n = i + 1;
    files[`ppt/slides/slide${n}.xml`] = slideXml(slide.paragraphs, slide.table);
    if (slide.notes) {
      files[`ppt/slides/_rels/slide${n}.xml.rels`] = rels([['rId1', `${REL}/notesSlide`, `../notesSlides/notesSlide${n}.xml`]]);
      files[`ppt/notesSlides/notesSlide${n}.xml`] = slideXml(slide.notes, undefined, 'p:notes');
    }
  });
  return buildZip(files);
}

function rels(list: [string, string, string][]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    list.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('') +
    '</Relationships>'
  );
}

function slideXml(paragraphs: string[], table: string[][] | undefined, root = 'p:sld'): string {
  const para = (t: string): string => `<a:p><a:r><a:rPr lang="en-US"/><a:t>${escapeXml(t)}</a:t></a:r></a:p>`;
  const shape = `<p:sp><p:txBody><a:bodyPr/>${paragraphs.map(para).join('')}</p:txBody></p:sp>`;
  const tbl = table
    ? `<p:graphicFrame><a:graphic><a:graphicData><a:tbl>${table
        .map((row) => `<a:tr>${row.map((c) => `<a:tc><a:txBody><a:bodyPr/>${para(c)}</a:txBody></a:tc>`).join('')}</a:tr>`)
        .join('')}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?><${root} ${P_NS}><p:cSld><p:spTree>${shape}${tbl}</p:spTree></p:cSld></${root}>`;
}
