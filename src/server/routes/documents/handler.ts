/**
 * Documents of an assessment: upload (multipart, into the data folder), or
 * register a server folder (administrators); scan them and propose evidence;
 * list findings per document; download a redlined copy.
 */
import { realpath, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditedTransaction } from '../../../assessment/audit.js';
import { requireWritable } from '../../../assessment/queries.js';
import { documentFindings, getAssessment, listDocuments } from '../../../assessment/service.js';
import { actorOf, recordEvent } from '../../audit-events.js';
import type { ServerDeps } from '../../deps.js';
import { redline } from '../../documents/redline.js';
import { scanAssessment } from '../../documents/scan.js';
import { saveDocuments, stageDocument } from '../../documents/library.js';
import type { LibraryFile } from '../../documents/library.js';
import { documentSources, resolveDocument, sanitiseFileName, uploadRoot } from '../../documents/storage.js';
import { discardUploads } from '../../documents/upload.js';
import { badRequest, notFound } from '../../errors.js';
import { assessmentParams } from '../common.js';
import { documentQuery, folderBody, scanBody, schemas } from './schema.js';

/** Register the document routes. */
export function documentsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store, kb, options } = deps;

  app.get('/api/assessments/:id/documents', { schema: schemas.list }, async (request) => {
    const { id } = assessmentParams.parse(request.params);
    return { documents: await listDocuments(store, id) };
  });

  app.post('/api/assessments/:id/documents', { schema: schemas.upload }, async (request, reply) => {
    const { id } = assessmentParams.parse(request.params);
    await requireWritable(store.db, id);
    if (!request.isMultipart()) throw badRequest('Send the documents as multipart/form-data.');
    const dir = uploadRoot(options.dataDir, id);
    const received = await receiveFiles(request, dir, options.uploads.maxFileBytes);
    if (received.files.length === 0) throw badRequest('No file in the request.');
    const uploaded = await saveDocuments(store, id, dir, received.files, actorOf(request.session!.user), received.reason);
    return reply.code(201).send({ uploaded });
  });

  app.get('/api/assessments/:id/folders', { schema: schemas.folders }, async (request) => {
    const { id } = assessmentParams.parse(request.params);
    await getAssessment(store, id);
    const sources = await documentSources(store.db, options.dataDir, id);
    return { folders: sources.filter((s) => s.kind === 'folder').map((s) => s.root) };
  });

  app.post('/api/assessments/:id/folders', { schema: schemas.registerFolder }, async (request, reply) => {
    const { id } = assessmentParams.parse(request.params);
    const body = folderBody.parse(request.body);
    await requireWritable(store.db, id);
    const info = await stat(body.path).catch(() => undefined);
    if (!body.path.startsWith('/') || !info?.isDirectory()) throw badRequest(`${body.path} is not an absolute path of a folder on the server.`);
    const path = await realpath(body.path);
    const me = request.session!.user;
    await auditedTransaction(store, async (trx) => {
      await trx
        .insertInto('document_folders')
        .values({ assessment_id: id, path, registered_by: me.username })
        .onConflict((oc) => oc.columns(['assessment_id', 'path']).doNothing())
        .execute();
      await recordEvent(trx, {
        actor: actorOf(me),
        action: 'document.folder-register',
        entity: 'document',
        entityId: path,
        assessmentId: id,
        reason: body.reason,
        changes: [{ field: 'folder', oldValue: null, newValue: path }],
      });
    });
    return reply.code(201).send({ path });
  });

  app.post('/api/assessments/:id/scan', { schema: schemas.scan }, async (request) => {
    const { id } = assessmentParams.parse(request.params);
    scanBody.parse(request.body ?? {});
    await requireWritable(store.db, id);
    return scanAssessment(store, kb, options.dataDir, id, actorOf(request.session!.user));
  });

  app.get('/api/assessments/:id/documents/findings', { schema: schemas.findings }, async (request) => {
    const { id } = assessmentParams.parse(request.params);
    const { path } = documentQuery.parse(request.query);
    const findings = (await documentFindings(store, id)).get(path);
    if (!findings) throw notFound(`Assessment ${id} has no scanned document ${path}.`);
    return { path, findings };
  });

  app.get('/api/assessments/:id/documents/redline', { schema: schemas.redline }, async (request, reply) => {
    const { id } = assessmentParams.parse(request.params);
    const { path } = documentQuery.parse(request.query);
    await getAssessment(store, id);
    const file = await resolveDocument(store.db, options.dataDir, id, path);
    const red = await redline(file, request.session!.user.fullName, kb);
    const ext = extname(red.filename);
    const name = `${red.filename.slice(0, red.filename.length - ext.length)}.qmsr-redline${ext}`.replace(/[^\w.()+, -]/g, '_');
    return reply
      .type(red.contentType)
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('x-qmsr-changes', String(red.changes))
      .send(red.bytes);
  });
}

/** Stage every file part (all or nothing: on any error the staged files are removed); read the optional `reason` field. */
async function receiveFiles(request: FastifyRequest, dir: string, limit: number): Promise<{ files: LibraryFile[]; reason: string | undefined }> {
  const files: LibraryFile[] = [];
  let reason: string | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === 'reason' && typeof part.value === 'string' && part.value.trim()) reason = part.value.trim().slice(0, 4000);
        continue;
      }
      let name: string;
      try {
        name = sanitiseFileName(part.filename);
      } catch (err) {
        part.file.resume();
        throw err;
      }
      files.push(await stageDocument(part.file, dir, name, limit));
    }
  } catch (err) {
    await discardUploads(files.map((f) => f.staged));
    throw err;
  }
  return { files, reason };
}
