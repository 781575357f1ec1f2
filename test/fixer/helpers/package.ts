/**
 * Test helpers for Word packages: read every part, accept all tracked changes
 * (what a reviewer's "Accept All" does), and open a file in LibreOffice.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DOMParser, XMLSerializer, type Document as XmlDocument, type Element } from '@xmldom/xmldom';
import JSZip from 'jszip';

export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** Every file of a zip package by name. */
export async function parts(data: Uint8Array): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(data);
  const out = new Map<string, Buffer>();
  for (const name of Object.keys(zip.files)) {
    const f = zip.files[name]!;
    if (!f.dir) out.set(name, await f.async('nodebuffer'));
  }
  return out;
}

/** A part's text. */
export function text(map: Map<string, Buffer>, name: string): string {
  const b = map.get(name);
  if (!b) throw new Error(`no part ${name}`);
  return b.toString('utf8');
}

export function elements(el: Element | XmlDocument, local: string): Element[] {
  const list = el.getElementsByTagNameNS(W, local);
  return Array.from({ length: list.length }, (_, i) => list[i]!);
}

/**
 * "Accept All Changes" and "Delete All Comments": deletions go, insertions
 * stay as plain runs, formatting changes are kept as they are now, comment
 * anchors and comments are removed.
 */
export async function acceptAll(data: Uint8Array): Promise<Buffer> {
  const zip = await JSZip.loadAsync(data);
  for (const name of Object.keys(zip.files)) {
    if (!/^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/.test(name)) continue;
    const doc = new DOMParser().parseFromString(await zip.file(name)!.async('string'), 'text/xml');
    for (const local of ['del', 'moveFrom', 'commentRangeStart', 'commentRangeEnd', 'rPrChange', 'pPrChange']) {
      for (const el of elements(doc, local)) el.parentNode?.removeChild(el);
    }
    for (const ref of elements(doc, 'commentReference')) {
      const run = ref.parentNode as Element | null;
      run?.parentNode?.removeChild(run);
    }
    for (const local of ['ins', 'moveTo']) {
      for (const el of elements(doc, local)) {
        const parent = el.parentNode!;
        while (el.firstChild) parent.insertBefore(el.firstChild, el);
        parent.removeChild(el);
      }
    }
    zip.file(name, new XMLSerializer().serializeToString(doc));
  }
  // "Delete All Comments": the comments part stays, empty.
  const comments = zip.file('word/comments.xml');
  if (comments) {
    const doc = new DOMParser().parseFromString(await comments.async('string'), 'text/xml');
    for (const el of elements(doc, 'comment')) el.parentNode?.removeChild(el);
    zip.file('word/comments.xml', new XMLSerializer().serializeToString(doc));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Whether LibreOffice can be run here. */
export function hasSoffice(): boolean {
  const r = spawnSync('soffice', ['--version'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0;
}

/** Converts `file` to PDF with LibreOffice (private profile, removed afterwards): whether it worked, the PDF's size, and the tool's output. */
export function convertToPdf(file: string): { ok: boolean; size: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'qmsr-fixer-lo-'));
  try {
    const profile = join(dir, 'profile');
    const r = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { encoding: 'utf8', timeout: 180_000 });
    const pdf = join(dir, basename(file).replace(/\.[^.]+$/, '.pdf'));
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (r.status !== 0 || !existsSync(pdf)) return { ok: false, size: 0, output };
    return { ok: true, size: statSync(pdf).size, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every file under `dir`, relative, '/' separators. */
export function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? listFiles(join(dir, n), `${prefix}${n}/`) : [`${prefix}${n}`]))
    .sort();
}
