/**
 * The access log, one line per request (method, path, status and time), when it is switched on (`--access-log`):
 * off by default, because a log line per request costs more than answering a status poll. Errors and 5xx answers
 * are logged whether or not it is on (error-handler.ts, problem.ts). Secrets never reach the log: seat tokens travel
 * in the Authorization header (never logged), and the web client's secret player URLs are redacted here.
 */
import type { FastifyInstance } from 'fastify';

/** Path segments that are secrets: the seat secret in `/play/{gameId}/{secret}`. */
const SECRET_PATHS = [/^(\/play\/[^/?#]+\/)[^/?#]+/u];

/** The URL with its secret parts replaced by `***`. */
export function redactUrl(url: string): string {
  let redacted = url;
  for (const pattern of SECRET_PATHS) redacted = redacted.replace(pattern, '$1***');
  return redacted.replace(/([?&](?:token|secret)=)[^&#]*/giu, '$1***');
}

export function installAccessLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: redactUrl(request.url),
        remoteAddress: request.ip,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      `${request.method} ${redactUrl(request.url)} ${reply.statusCode}`,
    );
  });
}
