/**
 * Reading form posts: fields arrive as text, as lists when a name repeats, or not at all; pages read them here
 * and check names with the API's own rule (shared/player-name.ts) so both ways in accept the same names.
 */
import { parsePlayerName, type NameFailure, type NameProblem } from '../shared/player-name.js';
import type { Result } from '../shared/result.js';
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

/** What the forms say when a name is refused, for each reason shared/player-name.ts gives. */
const NAME_MESSAGES: Record<NameProblem, string> = {
  empty: 'Please enter a name to play under.',
  too_long: `That name is too long: use at most ${LIMITS.nameMaxLength} characters.`,
  unprintable: 'That name has characters that cannot be shown (control characters).',
};

/** A player name as typed (trimmed), or the reason it is refused, worded for the page (the rule is the API's). */
export function parseName(text: string): Result<string, NameFailure> {
  const parsed = parsePlayerName(text);
  return parsed.ok ? parsed : { ...parsed, message: NAME_MESSAGES[parsed.problem] };
}

/** The game version a page shows, from its status frame's query (`?v=12`); undefined when absent or garbled. */
export function shownVersion(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,9}$/u.test(value) ? Number(value) : undefined;
}
