/**
 * Errors the API answers with, and the one error handler that turns any
 * thrown error into a JSON reply `{ error, message, ...details }`.
 *
 * - {@link HttpError}: thrown by handlers and guards with a status and a code.
 * - The store's ConflictError (optimistic version check) becomes 409 with who
 *   changed the row and when; NotFoundError becomes 404.
 * - Request validation failures (JSON schema or zod) and the assessment
 *   service's ValidationError and ProfileError become 400 with their message.
 * - Anything else is a 500 whose details go to the log, not to the client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { ValidationError } from '../assessment/errors.js';
import { ProfileError } from '../assessment/profile.js';
import { ConflictError, NotFoundError } from '../store/concurrency.js';

/** An error with an HTTP status, a stable code and a message written for a person. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 400: the request is malformed or breaks a rule. */
export const badRequest = (message: string, details?: Record<string, unknown>): HttpError => new HttpError(400, 'bad-request', message, details);
/** 401: not signed in, or a password check failed. */
export const unauthorized = (message = 'Sign in first.'): HttpError => new HttpError(401, 'unauthorized', message);
/** 403: signed in, but not allowed. */
export const forbidden = (message: string, code = 'forbidden'): HttpError => new HttpError(403, code, message);
/** 404: no such thing. */
export const notFound = (message: string): HttpError => new HttpError(404, 'not-found', message);
/** 409: the state does not allow it (already set up, stale version, …). */
export const conflict = (message: string, details?: Record<string, unknown>): HttpError => new HttpError(409, 'conflict', message, details);
/** 429: locked out for a while. */
export const tooManyAttempts = (message: string, retryAfterSeconds: number): HttpError =>
  new HttpError(429, 'locked', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) }, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

/** The JSON error body every failed request gets. */
export interface ErrorBody {
  error: string;
  message: string;
  [detail: string]: unknown;
}

/** Install the error and not-found handlers on `app`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body, headers } = toReply(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    void reply.code(status).headers(headers).send(body);
  });
}

function toReply(err: FastifyError | Error): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (err instanceof HttpError) return { status: err.statusCode, body: { error: err.code, message: err.message, ...err.details }, headers: err.headers };
  if (err instanceof ConflictError) {
    return {
      status: 409,
      body: {
        error: 'conflict',
        message: err.message,
        changedBy: err.changedBy,
        changedAt: err.changedAt.toISOString(),
        yourVersion: err.expectedVersion,
        currentVersion: err.currentVersion,
      },
      headers: {},
    };
  }
  if (err instanceof ValidationError) {
    return { status: 400, body: { error: 'bad-request', message: err.message, ...(err.field ? { field: err.field } : {}) }, headers: {} };
  }
  if (err instanceof ProfileError) return { status: 400, body: { error: 'bad-request', message: err.message, problems: err.problems }, headers: {} };
  if (err instanceof ZodError) {
    return { status: 400, body: { error: 'bad-request', message: err.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ') }, headers: {} };
  }
  if (err instanceof NotFoundError) return { status: 404, body: { error: 'not-found', message: err.message }, headers: {} };
  const fe = err as FastifyError;
  if (fe.validation) return { status: 400, body: { error: 'bad-request', message: `Invalid request: ${fe.message}` }, headers: {} };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { error: fe.code ?? 'bad-request', message: fe.message }, headers: {} };
  }
  return { status: 500, body: { error: 'internal', message: 'Something went wrong on the server; the details are in its log.' }, headers: {} };
}
