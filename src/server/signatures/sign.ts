/**
 * Signing an assessment or one of its reports (21 CFR Part 11 §11.50, 11.70,
 * 11.200):
 *
 * - the signer types their password again, inside the signing request, and
 *   on their first signature since the session began their username too
 *   (11.200(a)(1): the first signing in a continuous period of access uses
 *   every component, later ones at least one); the check is rate-limited and recorded like a sign-in
 *   (auth/password-check.ts), and a failed check records no signature;
 * - the signature records the printed name (the user's full name at signing
 *   time), the UTC date and time (database clock), the meaning (review,
 *   approval or responsibility) and the SHA-256 of exactly what was signed:
 *   the canonical JSON of the assessment, or the bytes of the report as
 *   generated in this request; the signed bytes are kept with it;
 * - `expectedStateSha256` (from GET …/signatures) makes the signature fail
 *   with 409 if the assessment changed after the signer reviewed it;
 * - the signature row is append-only in the database, and an audit event is
 *   written in the same transaction.
 */
import type { FastifyRequest } from 'fastify';
import { auditedTransaction } from '../../assessment/audit.js';
import { newId } from '../../store/schema.js';
import type { SignatureMeaning } from '../../store/schema.js';
import { actorOf, recordEvent } from '../audit-events.js';
import { normaliseUsername } from '../auth/lockout.js';
import { checkPassword, recordFailedCheck } from '../auth/password-check.js';
import type { CurrentSession } from '../auth/sessions.js';
import type { ServerDeps } from '../deps.js';
import { conflict, HttpError, unauthorized } from '../errors.js';
import { SIGNATURE_COLUMNS, toSignatureView } from './manifest.js';
import type { SignatureView } from './manifest.js';
import { assessmentState, sha256 } from './subject.js';

/** A report to sign: its format and how to render it (given nothing, it renders with the current manifest). */
export interface ReportSubject {
  format: string;
  render(): Promise<{ bytes: Buffer; contentType: string }>;
}

/** What the signer asks for. */
export interface SignInput {
  assessmentId: string;
  meaning: SignatureMeaning;
  password: string;
  /** Required on the user's first signature since the session began; must be the signed-in user's. */
  username?: string;
  comment?: string | null;
  expectedStateSha256?: string;
  /** Sign this report instead of the assessment itself. */
  report?: ReportSubject;
}

/** Sign; returns the signature as the manifest shows it. */
export async function sign(deps: ServerDeps, request: FastifyRequest, session: CurrentSession, input: SignInput): Promise<SignatureView> {
  const { store } = deps;
  const actor = actorOf(session.user);
  const check = { username: session.user.username, ip: request.ip, kind: 'signature' as const, actor };
  if (input.username === undefined) {
    // Has this person signed with every component since this session began (a continuous period of access)?
    const earlier = await store.db
      .selectFrom('signatures')
      .select('id')
      .where('user_id', '=', session.user.id)
      .where('signed_at', '>=', session.createdAt)
      .limit(1)
      .executeTakeFirst();
    if (!earlier) {
      throw new HttpError(400, 'username-required', 'The first signature of a session needs your username as well as your password.');
    }
  } else if (normaliseUsername(input.username) !== session.user.username) {
    await recordFailedCheck(deps, check, 'bad-password');
    throw unauthorized('That is not the username you are signed in with: the signature was not recorded.');
  }
  const signer = await checkPassword(deps, { ...check, password: input.password });
  const state = await assessmentState(store, input.assessmentId);
  if (input.expectedStateSha256 && input.expectedStateSha256 !== state.sha256) {
    throw conflict('The assessment changed after you reviewed it: reload it, review the changes and sign again.', {
      expectedStateSha256: input.expectedStateSha256,
      currentStateSha256: state.sha256,
    });
  }
  const signed = input.report ? await input.report.render() : { bytes: state.content, contentType: 'application/json' };
  const subjectSha256 = sha256(signed.bytes);
  const id = newId();
  const row = await auditedTransaction(store, async (trx) => {
    const inserted = await trx
      .insertInto('signatures')
      .values({
        id,
        assessment_id: input.assessmentId,
        subject_type: input.report ? 'report' : 'assessment',
        report_format: input.report?.format ?? null,
        user_id: signer.id,
        username: signer.username,
        printed_name: signer.full_name,
        meaning: input.meaning,
        comment: input.comment ?? null,
        subject_sha256: subjectSha256,
        content: signed.bytes,
        content_type: signed.contentType,
        state_sha256: state.sha256,
        assessment_version: state.version,
      })
      .returning(SIGNATURE_COLUMNS)
      .executeTakeFirstOrThrow();
    const subject = input.report ? `the ${input.report.format} report` : 'the assessment';
    await recordEvent(trx, {
      actor,
      action: 'signature.sign',
      entity: 'signature',
      entityId: id,
      assessmentId: input.assessmentId,
      reason: `${signer.full_name} signed ${subject} (meaning: ${input.meaning}); SHA-256 of what was signed ${subjectSha256}${input.comment ? `; comment: ${input.comment}` : ''}`,
      changes: [
        { field: 'meaning', oldValue: null, newValue: input.meaning },
        { field: 'subject_sha256', oldValue: null, newValue: subjectSha256 },
      ],
    });
    return inserted;
  });
  return toSignatureView(row, state.sha256);
}
