/**
 * Lenient input, as lichess's own server takes it: a body may come as JSON, as a form, as raw text or with no
 * Content-Type at all; `null` means absent; a JSON object's nested fields (`{"clock": {"limit": 300}}`) read like
 * the form's dotted names (`clock.limit=300`); the query string counts as well (`?offeringDraw=true`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A request body as the lichess routes see it: the text as sent, and the fields read from it. */
export interface LenientBody {
  raw: string;
  fields: Record<string, unknown>;
}

/** Replace the parent's body parsers (JSON only) with one that takes anything (in this plugin's context only). */
export function installLenientParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const raw = typeof body === 'string' ? body : body.toString('utf8');
    const type = (request.headers['content-type'] ?? '').toLowerCase();
    if (type.includes('json')) {
      if (raw.trim() === '') return done(null, { raw, fields: {} } satisfies LenientBody);
      try {
        const parsed: unknown = JSON.parse(raw);
        return done(null, { raw, fields: flatten(parsed) } satisfies LenientBody);
      } catch {
        return done(Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400 }), undefined);
      }
    }
    // A form, raw text or no type: read as a form when it looks like one (a raw token has no '=').
    const fields = raw.includes('=') ? Object.fromEntries(new URLSearchParams(raw)) : {};
    done(null, { raw, fields } satisfies LenientBody);
  });
}

/** Flatten nested objects into dotted names; nulls dropped. */
function flatten(value: unknown, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (prefix && value !== null && value !== undefined) into[prefix] = value;
    return into;
  }
  for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  return into;
}

/** The request's fields: the body's and the query string's (the body wins). */
export function fieldsOf(request: FastifyRequest): Record<string, unknown> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const body = request.body as LenientBody | undefined;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries({ ...query, ...(body?.fields ?? {}) })) {
    if (value !== null && value !== undefined && value !== '' && value !== 'null') fields[key] = value;
  }
  return fields;
}

/** The raw body text ('' when none). */
export function rawBodyOf(request: FastifyRequest): string {
  return (request.body as LenientBody | undefined)?.raw ?? '';
}

/** A boolean field as lichess clients write it (true/false, 1/0, yes/no, on), or undefined. */
export function booleanField(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value !== 'string') return undefined;
  const text = value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return undefined;
}

/** A whole-number field, or undefined when absent; NaN when present but not a whole number. */
export function integerField(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*-?\d+\s*$/u.test(value)
        ? Number(value)
        : Number.NaN;
  return Number.isInteger(number) ? number : Number.NaN;
}
