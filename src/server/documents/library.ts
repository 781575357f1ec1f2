/**
 * An assessment's document library: the uploaded documents in its upload
 * folder (storage.ts). A file joins it in two steps: it is staged under its
 * cleaned name ({@link stageDocument}), then every staged file of one change
 * is recorded in the audit trail and put in place together
 * ({@link saveDocuments}), all or none. The upload route feeds it the parts
 * of a multipart request; {@link addFilesToLibrary} feeds it files on this
 * machine (the example workspace), with the same names, limits and audit
 * events as an upload through the web app.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { auditedTransaction } from '../../assessment/audit.js';
import type { Actor } from '../../assessment/audit.js';
import { requireWritable } from '../../assessment/queries.js';
import { hashFile } from '../../scanner/hash.js';
import type { Store } from '../../store/store.js';
import { recordEvent } from '../audit-events.js';
import { badRequest, HttpError } from '../errors.js';
import { DEFAULTS } from '../options.js';
import { sanitiseFileName, uploadPath, uploadRoot } from './storage.js';
import { commitUpload, discardUploads, stageUpload } from './upload.js';
import type { StagedFile } from './upload.js';

/** A file staged for the library under its document path. */
export interface LibraryFile {
  /** Document path, `uploads/<name>`. */
  path: string;
  staged: StagedFile;
  /** SHA-256 of the version it replaces, if any. */
  previousSha256: string | null;
}

/** What was added. */
export interface SavedDocument {
  path: string;
  sha256: string;
  size: number;
}

/** Stage `stream` as the upload `name` (already cleaned by `sanitiseFileName`) in the upload folder `dir`. */
export async function stageDocument(stream: NodeJS.ReadableStream & { truncated?: boolean }, dir: string, name: string, limitBytes: number): Promise<LibraryFile> {
  const before = await hashFile(join(dir, name));
  const staged = await stageUpload(stream, dir, name, limitBytes);
  return { path: uploadPath(name), staged, previousSha256: before?.sha256 ?? null };
}

/**
 * Record a `document.upload` audit event for each staged file and put the
 * files in place, in one audited transaction: all of them or, on any error,
 * none (the staged files are removed).
 */
export async function saveDocuments(
  store: Store,
  assessmentId: string,
  dir: string,
  files: readonly LibraryFile[],
  actor: Actor,
  reason?: string,
): Promise<SavedDocument[]> {
  try {
    await auditedTransaction(store, async (trx) => {
      for (const f of files) {
        await recordEvent(trx, {
          actor,
          action: 'document.upload',
          entity: 'document',
          entityId: f.path,
          assessmentId,
          reason: reason ?? `Uploaded ${f.path} (${f.staged.size} bytes)`,
          changes: [{ field: 'sha256', oldValue: f.previousSha256, newValue: f.staged.sha256 }],
        });
      }
      // In place only once every file is staged and the audit events are written; the commit follows at once.
      for (const f of files) await commitUpload(f.staged, dir);
    });
  } catch (err) {
    await discardUploads(files.map((f) => f.staged));
    throw err;
  }
  return files.map((f) => ({ path: f.path, sha256: f.staged.sha256, size: f.staged.size }));
}

/**
 * Add files on this machine to the library of an assessment exactly as if
 * they had been uploaded through the web app: names cleaned, supported types
 * only, the upload size limit, an audit event per file, all or none. The
 * originals are copied, never moved or changed.
 */
export async function addFilesToLibrary(
  store: Store,
  dataDir: string,
  assessmentId: string,
  paths: readonly string[],
  options: { actor: Actor; reason?: string; maxFileBytes?: number },
): Promise<SavedDocument[]> {
  await requireWritable(store.db, assessmentId);
  const dir = uploadRoot(dataDir, assessmentId);
  const limit = options.maxFileBytes ?? DEFAULTS.uploads.maxFileBytes;
  const files: LibraryFile[] = [];
  try {
    for (const path of paths) {
      const name = sanitiseFileName(basename(path));
      const info = await stat(path);
      if (!info.isFile()) throw badRequest(`${path} is not a file.`);
      if (info.size > limit) throw new HttpError(413, 'too-large', `${name} is larger than the limit of ${Math.round(limit / 1024 / 1024)} MiB.`);
      files.push(await stageDocument(createReadStream(path), dir, name, limit));
    }
  } catch (err) {
    await discardUploads(files.map((f) => f.staged));
    throw err;
  }
  return saveDocuments(store, assessmentId, dir, files, options.actor, options.reason);
}
