/** Schema pieces shared by the assessment routes. */
import { z } from 'zod';

/** An id in a URL. */
export const idString = z.string().min(1).max(200);

/** `:id` of an assessment. */
export const assessmentParams = z.object({ id: idString });

/** `:id` and `:itemId`. */
export const itemParams = z.object({ id: idString, itemId: idString });

/** Why a change is made: recorded with it in the audit trail. */
export const reason = z.string().trim().min(1, 'say why (recorded in the audit trail)').max(4000).describe('why: recorded in the audit trail');

/** The version the caller read (optimistic concurrency): 409 when the record changed since. */
export const version = z.number().int().min(1).describe('the version you read; 409 with who changed it and when if it changed since');

/** A calendar date or null. */
export const dateOrNull = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'), z.null()]);

/** Optional free text that null clears. */
export const textOrNull = z.union([z.string().max(20_000), z.null()]);
