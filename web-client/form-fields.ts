/**
 * Reading form posts: fields arrive as text, as lists when a name repeats, or not at all; pages read them here
 * and check names with the API's own schema so both ways in accept the same names.
 */
import { Value } from 'typebox/value';
import { QuickJoinBodySchema } from '../shared/api-schema.js';
import { LIMITS } from '../shared/vocabulary.js';

/** The text of a field: the last non-empty value when it repeats, '' when absent. Never longer than `maxLength`. */
export function textField(body: unknown, name: string, maxLength = 1024): string {
  if (typeof body !== 'object' || body === null) return '';
  const raw = (body as Record<string, unknown>)[name];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((value): value is string => typeof value === 'string');
  const chosen = values.filter((value) => value !== '').at(-1) ?? '';
  return chosen.slice(0, maxLength);
}

/** A whole number field (like `ply`), or undefined when absent; null when present but not a whole number. */
export function wholeNumberField(body: unknown, name: string): number | undefined | null {
  const text = textField(body, name, 12).trim();
  if (text === '') return undefined;
  return /^\d{1,9}$/u.test(text) ? Number(text) : null;
}

/** A player name as typed (trimmed), or the reason it is refused. */
export function parseName(text: string): { ok: true; name: string } | { ok: false; message: string } {
  const name = text.trim();
  if (name === '') return { ok: false, message: 'Please enter a name to play under.' };
  if (name.length > LIMITS.nameMaxLength) {
    return { ok: false, message: `That name is too long: use at most ${LIMITS.nameMaxLength} characters.` };
  }
  if (!Value.Check(QuickJoinBodySchema, { name })) {
    return { ok: false, message: 'That name has characters that cannot be shown (control characters).' };
  }
  return { ok: true, name };
}
