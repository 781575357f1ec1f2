/**
 * Where an assessment's documents live on the server, and the only way a
 * document path from a request becomes a file path.
 *
 * - Uploads go to `<data>/documents/<assessment id>/`; their document path is
 *   `uploads/<name>`.
 * - An administrator may register a server folder; its documents' paths are
 *   the absolute file paths inside it.
 *
 * {@link resolveDocument} accepts a path only if, after resolving `..` and
 * symbolic links, it is inside the upload folder or a registered folder, so a
 * request can never read or write outside them.
 */
import { mkdirSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import type { Kysely } from 'kysely';
import { supportedExtensions } from '../../readers/index.js';
import type { Schema } from '../../store/schema.js';
import { badRequest, notFound } from '../errors.js';

/** The prefix of uploaded documents' paths. */
export const UPLOAD_PREFIX = 'uploads/';
const MAX_NAME = 150;

/** A folder whose supported files belong to the assessment. */
export interface DocumentSource {
  /** Absolute folder. */
  root: string;
  /** Prefix of its documents' paths (`uploads` or the folder itself). */
  label: string;
  kind: 'uploads' | 'folder';
}

/** The upload folder of an assessment (created when missing). */
export function uploadRoot(dataDir: string, assessmentId: string): string {
  if (!/^[A-Za-z0-9-]{1,100}$/.test(assessmentId)) throw badRequest('Not an assessment id.');
  const dir = join(dataDir, 'documents', assessmentId);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The upload folder and every registered folder of an assessment. */
export async function documentSources(db: Kysely<Schema>, dataDir: string, assessmentId: string): Promise<DocumentSource[]> {
  const folders = await db.selectFrom('document_folders').select('path').where('assessment_id', '=', assessmentId).orderBy('path').execute();
  return [
    { root: uploadRoot(dataDir, assessmentId), label: 'uploads', kind: 'uploads' },
    ...folders.map((f) => ({ root: f.path, label: f.path, kind: 'folder' as const })),
  ];
}

/**
 * A safe file name from what a browser sent: the last path component only,
 * without control characters or characters that mean something to a shell or
 * a file system, at most 150 characters, with a supported extension.
 */
export function sanitiseFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    .replace(/\p{Cc}/gu, '')
    .replace(/[^\p{L}\p{N} ._()+,-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const ext = extname(cleaned).toLowerCase();
  if (!ext || !supportedExtensions.includes(ext)) {
    throw badRequest(`"${last}" is not a supported document type. Supported: ${supportedExtensions.join(', ')}.`);
  }
  const stem = cleaned.slice(0, cleaned.length - ext.length).slice(0, MAX_NAME - ext.length);
  if (!stem || stem.startsWith('~$')) throw badRequest(`"${last}" is not a usable file name.`);
  return `${stem}${ext}`;
}

/** Whether `path` is `root` or inside it (both absolute and resolved). */
export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The file behind a document path of the assessment; 404 unless it is an existing file inside one of its sources. */
export async function resolveDocument(db: Kysely<Schema>, dataDir: string, assessmentId: string, documentPath: string): Promise<string> {
  const sources = await documentSources(db, dataDir, assessmentId);
  for (const s of sources) {
    const candidate =
      s.kind === 'uploads'
        ? documentPath.startsWith(UPLOAD_PREFIX)
          ? resolve(s.root, documentPath.slice(UPLOAD_PREFIX.length))
          : undefined
        : isInside(resolve(documentPath), s.root)
          ? resolve(documentPath)
          : undefined;
    if (!candidate || !isInside(candidate, s.root)) continue;
    const [real, realRoot] = await Promise.all([realpath(candidate).catch(() => undefined), realpath(s.root).catch(() => s.root)]);
    if (!real || !isInside(real, realRoot)) continue;
    if ((await stat(real)).isFile()) return real;
  }
  throw notFound(`Assessment ${assessmentId} has no document ${documentPath}.`);
}

/** The document path of an uploaded file name. */
export function uploadPath(name: string): string {
  return `${UPLOAD_PREFIX}${basename(name)}`;
}
