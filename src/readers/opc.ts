/**
 * Package-level facts shared by the Office Open XML readers: the main part
 * named in `_rels/.rels`, relationship targets, and the title in
 * `docProps/core.xml`.
 */
import { attr, parseXml } from './xml.js';
import type { SafeZip } from './zip.js';

const DC = 'http://purl.org/dc/elements/1.1/';

/** Relationship id → target part name (resolved against the source part's folder) of a `.rels` part. */
export async function readRelationships(zip: SafeZip, relsPart: string, baseDir: string): Promise<Map<string, { target: string; type: string; external: boolean }>> {
  const out = new Map<string, { target: string; type: string; external: boolean }>();
  if (!zip.has(relsPart)) return out;
  parseXml(relsPart, await zip.text(relsPart), {
    open(tag) {
      if (tag.local !== 'Relationship') return;
      const id = attr(tag, 'Id');
      const target = attr(tag, 'Target');
      if (id === undefined || target === undefined) return;
      const external = attr(tag, 'TargetMode') === 'External';
      out.set(id, { target: external ? target : resolvePart(baseDir, target), type: attr(tag, 'Type') ?? '', external });
    },
  });
  return out;
}

/** Resolves a relative part reference (`../media/x.png`, `/word/document.xml`) to a part name. */
export function resolvePart(baseDir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : baseDir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** The package's main part (`officeDocument` relationship), if `_rels/.rels` names one. */
export async function readMainPart(zip: SafeZip): Promise<string | undefined> {
  const rels = await readRelationships(zip, '_rels/.rels', '');
  for (const r of rels.values()) if (r.type.endsWith('/officeDocument') && !r.external) return r.target;
  return undefined;
}

/** The document title from docProps/core.xml, if set. */
export async function readCoreTitle(zip: SafeZip): Promise<string | undefined> {
  const part = 'docProps/core.xml';
  if (!zip.has(part)) return undefined;
  let inTitle = false;
  let title = '';
  parseXml(part, await zip.text(part), {
    open(tag) {
      inTitle = tag.local === 'title' && tag.uri === DC;
    },
    close() {
      inTitle = false;
    },
    text(t) {
      if (inTitle) title += t;
    },
  });
  return title.trim() || undefined;
}
