/**
 * The rule for player names, written once: 1..LIMITS.nameMaxLength characters of printable text (no control
 * characters, not only spaces). The API's schema (api-schema.ts) validates with the same pattern, and the web
 * forms, the terminal client's --name and the bots' --name check names here before sending them.
 */
import { fail, ok, type Failure, type Result } from './result.js';
import { LIMITS } from './vocabulary.js';

/** The API's pattern for names (JSON Schema `pattern`): printable text, with at least one non-space character. */
export const NAME_PATTERN = '^[^\\u0000-\\u001f\\u007f]*[^\\s\\u0000-\\u001f\\u007f][^\\u0000-\\u001f\\u007f]*$';

const NAME = new RegExp(NAME_PATTERN, 'u');

/** The rule in words, for command-line messages: "1 to 40 printable characters". */
export const NAME_RULE_TEXT = `1 to ${LIMITS.nameMaxLength} printable characters`;

/** Why a name is refused: nothing typed, too long, or a control character in it. */
export type NameProblem = 'empty' | 'too_long' | 'unprintable';

/** A refused name; `problem` lets each client word it for its readers. */
export type NameFailure = Failure<'invalid_name', { problem: NameProblem }>;

const MESSAGES: Record<NameProblem, string> = {
  empty: 'A name is needed.',
  too_long: `A name has at most ${LIMITS.nameMaxLength} characters.`,
  unprintable: 'A name cannot contain control characters.',
};

/** A name as typed, trimmed, if the API will take it; otherwise why not. */
export function parsePlayerName(text: string): Result<string, NameFailure> {
  const name = text.trim();
  const problem: NameProblem | null =
    name === ''
      ? 'empty'
      : characterCount(name) > LIMITS.nameMaxLength
        ? 'too_long'
        : NAME.test(name)
          ? null
          : 'unprintable';
  return problem ? fail('invalid_name', MESSAGES[problem], { problem }) : ok(name);
}

/** Characters as JSON Schema's maxLength counts them: code points, so "♞" and "🐴" are one each. */
function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
