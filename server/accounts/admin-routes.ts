/**
 * The admin routes for accounts (Rookery's error shape), on only when the server has an admin token
 * (`--admin-token` / ROOKERY_ADMIN_TOKEN); without one every route answers 404 as if it did not exist.
 *
 *   POST /api/admin/accounts {"name", "bot"?: true}  -> 201 {id, username, title, token}  (the token, once)
 *   GET  /api/admin/accounts                         -> 200 {accounts: [{id, username, title, createdAt, tokens}]}
 *   POST /api/admin/accounts/{name}/tokens           -> 201 {id, username, token}          (one more token)
 *   POST /api/admin/accounts/{name}/revoke           -> 200 {id, revoked}                   (every token revoked)
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../http/problem.js';
import type { Accounts } from './accounts.js';

export interface AdminRoutesOptions {
  accounts: Accounts;
  /** The admin token; undefined or empty: the routes are off. */
  adminToken: string | undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export async function adminRoutes(app: FastifyInstance, options: AdminRoutesOptions): Promise<void> {
  const { accounts, adminToken } = options;
  const expected = adminToken ? digest(adminToken) : null;

  /** false (and an answer sent) unless the request carries the admin token. */
  function allowed(request: FastifyRequest, reply: FastifyReply): boolean {
    if (!expected) {
      void sendError(reply, 'not_found', `There is no ${request.method} ${request.url.split('?')[0]} here.`);
      return false;
    }
    const match = /^Bearer[ \t]+(\S+)$/iu.exec(request.headers.authorization ?? '');
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      void sendError(reply, 'unauthorized', 'This route needs the admin token: "Authorization: Bearer <admin token>".');
      return false;
    }
    return true;
  }

  app.post('/admin/accounts', async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const body = (request.body ?? {}) as { name?: unknown; bot?: unknown };
    if (typeof body.name !== 'string') return sendError(reply, 'invalid_request', 'body.name must be a string.');
    if (body.bot !== undefined && typeof body.bot !== 'boolean') {
      return sendError(reply, 'invalid_request', 'body.bot must be true or false.');
    }
    const made = await accounts.create(body.name, { bot: body.bot === true });
    if (!made.ok) return sendError(reply, made.code, made.message);
    const { account, token } = made.value;
    reply.header('Cache-Control', 'no-store');
    return reply.code(201).send({ id: account.id, username: account.username, title: account.title, token });
  });

  app.get('/admin/accounts', async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    return reply.send({ accounts: await accounts.list() });
  });

  app.post('/admin/accounts/:name/tokens', async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const issued = await accounts.issueToken((request.params as { name: string }).name);
    if (!issued.ok) return sendError(reply, issued.code, issued.message);
    reply.header('Cache-Control', 'no-store');
    return reply
      .code(201)
      .send({ id: issued.value.account.id, username: issued.value.account.username, token: issued.value.token });
  });

  app.post('/admin/accounts/:name/revoke', async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const revoked = await accounts.revoke((request.params as { name: string }).name);
    if (!revoked.ok) return sendError(reply, revoked.code, revoked.message);
    return reply.send({ id: revoked.value.account.id, revoked: revoked.value.revoked });
  });
}
