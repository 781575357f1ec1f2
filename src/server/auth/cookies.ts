/**
 * The session cookie: HttpOnly (page scripts cannot read it), SameSite=Strict
 * (never sent with a request another site starts), Path=/, Secure and
 * `__Host-`-prefixed when served over TLS. It is a browser-session cookie (no
 * Expires): closing the browser ends it, and the server ends it at idle or
 * absolute expiry anyway.
 */
import type { FastifyReply } from 'fastify';
import { sessionCookieName } from './guard.js';

/** Set the session cookie. */
export function setSessionCookie(reply: FastifyReply, token: string, tls: boolean): void {
  void reply.setCookie(sessionCookieName(tls), token, { httpOnly: true, sameSite: 'strict', secure: tls, path: '/' });
}

/** Remove the session cookie. */
export function clearSessionCookie(reply: FastifyReply, tls: boolean): void {
  void reply.clearCookie(sessionCookieName(tls), { httpOnly: true, sameSite: 'strict', secure: tls, path: '/' });
}
