/**
 * Baseline of section (a): a bare `node:http` server, in its own process, that answers GET /status with the exact
 * bytes and headers Rookery answered for one game (200 with the body, or 304 when If-None-Match names the ETag).
 * What Rookery costs beyond this is its routing, validation, store lookup and serialisation.
 */
import { createServer } from 'node:http';

const spec = JSON.parse(process.argv[2] ?? '{}') as { body: string; etag: string; contentType: string };
const body = Buffer.from(spec.body, 'utf8');
const headers200 = {
  'content-type': spec.contentType,
  etag: spec.etag,
  'cache-control': 'no-cache',
  'content-length': String(body.length),
};
const headers304 = { etag: spec.etag, 'cache-control': 'no-cache' };

const server = createServer((request, response) => {
  if (request.headers['if-none-match'] === spec.etag) {
    response.writeHead(304, headers304);
    response.end();
  } else {
    response.writeHead(200, headers200);
    response.end(body);
  }
});
// Fastify's default keep-alive timeout, so both servers hold connections alike.
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
setTimeout(() => process.exit(0), 30 * 60_000).unref();
