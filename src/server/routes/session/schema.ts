/** Schemas of the session routes (sign in, current user, sign out). */
import { z } from 'zod';
import { USER_ROLES } from '../../../store/schema.js';
import { errorResponses, errorSchema, toJsonSchema } from '../../json-schema.js';

/** The signed-in user. */
export const signedInUser = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  role: z.enum(USER_ROLES),
  mustChangePassword: z.boolean().describe('true after an administrator set the password: only a password change is allowed until then'),
});

/** Answer of sign-in, setup and `GET /api/session`. */
export const sessionReply = z.object({
  user: signedInUser,
  csrfToken: z.string().describe('send in the x-csrf-token header of every POST, PATCH, PUT and DELETE'),
  expiresAt: z.string().describe('absolute end of the session, UTC'),
  idleMinutes: z.number().int(),
});

/** `POST /api/session` body. */
export const loginBody = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024) }).strict();

/** Fastify schema of `POST /api/session`. */
export const loginSchema = {
  summary: 'Sign in (sets the HttpOnly session cookie); 429 while locked out after repeated failures',
  tags: ['session'],
  body: toJsonSchema(loginBody),
  response: { 200: toJsonSchema(sessionReply), 401: errorResponses[401], 429: toJsonSchema(errorSchema) },
};

/** Fastify schema of `GET /api/session`. */
export const currentSchema = {
  summary: 'The signed-in user and the CSRF token',
  tags: ['session'],
  response: { 200: toJsonSchema(sessionReply), 401: errorResponses[401] },
};

/** Fastify schema of `DELETE /api/session`. */
export const logoutSchema = {
  summary: 'Sign out (ends the session on the server)',
  tags: ['session'],
  response: { 204: { type: 'null' }, 401: errorResponses[401] },
};
