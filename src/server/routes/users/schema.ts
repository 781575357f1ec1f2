/** Schemas of the user-administration routes. */
import { z } from 'zod';
import { USER_ROLES } from '../../../store/schema.js';
import { errorResponses, toJsonSchema } from '../../json-schema.js';

/** A user as the API shows it. */
export const userView = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  role: z.enum(USER_ROLES),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  passwordChangedAt: z.string(),
  version: z.number().int(),
});

const reason = z.string().trim().min(1).max(2000).describe('why: recorded in the audit trail');

/** `POST /api/users` body. */
export const createUserBody = z
  .object({
    username: z.string().min(2).max(64),
    fullName: z.string().min(1).max(200),
    role: z.enum(USER_ROLES),
    password: z.string().min(1).max(256).describe('initial password; the user must change it at first sign-in'),
    reason: reason.optional(),
  })
  .strict();

/** `PATCH /api/users/:id` body. */
export const updateUserBody = z
  .object({
    role: z.enum(USER_ROLES).optional(),
    fullName: z.string().min(1).max(200).optional(),
    active: z.boolean().optional().describe('false deactivates the account and ends its sessions'),
    version: z.number().int().min(1).describe('the version you read; 409 if someone changed the user since'),
    reason,
  })
  .strict();

/** `POST /api/users/:id/password` body (administrator reset). */
export const resetPasswordBody = z.object({ password: z.string().min(1).max(256), reason }).strict();

/** `POST /api/users/me/password` body. */
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(256) }).strict();

/** `:id` parameter. */
export const userParams = z.object({ id: z.string().min(1).max(100) });

const user = toJsonSchema(userView);
const params = toJsonSchema(userParams);

/** Fastify schemas of the users routes. */
export const schemas = {
  list: { summary: 'All accounts', tags: ['users'], response: { 200: toJsonSchema(z.object({ users: z.array(userView) })) } },
  create: { summary: 'Create an account', tags: ['users'], body: toJsonSchema(createUserBody), response: { 201: user, ...errorResponses } },
  update: {
    summary: 'Change role or name, deactivate or reactivate an account',
    tags: ['users'],
    params,
    body: toJsonSchema(updateUserBody),
    response: { 200: user, ...errorResponses },
  },
  reset: {
    summary: 'Set a new password for a user (they must change it at next sign-in; their sessions end)',
    tags: ['users'],
    params,
    body: toJsonSchema(resetPasswordBody),
    response: { 200: user, ...errorResponses },
  },
  changeOwn: {
    summary: 'Change your own password (your other sessions end)',
    tags: ['users'],
    body: toJsonSchema(changePasswordBody),
    response: { 200: user, ...errorResponses },
  },
};
