/**
 * Errors of the assessment service. A `ValidationError` is the caller's
 * input (a missing justification, a bad date): show its message as is. The
 * store's `ConflictError` (someone changed the row since you read it) and
 * `NotFoundError` are re-exported so callers need only this module.
 */
export { ConflictError, NotFoundError } from '../store/index.js';

/** Input the service refuses, with a message for the person who gave it. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(
    message: string,
    /** The input field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}
