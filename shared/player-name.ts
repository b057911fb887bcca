/**
 * The rule for player names, written once: 1..LIMITS.nameMaxLength characters (code points, after Unicode NFC
 * normalisation) of printable text: no control characters, no unpaired surrogates, no bidirectional overrides or
 * isolates (U+202A..U+202E, U+2066..U+2069: they would reverse the text around the name on a page), and at least
 * one visible character (not only spaces, zero-width or combining characters). The API's routes, the web forms,
 * the terminal client's --name and the bots' --name all read names with `parsePlayerName`; the API's schema
 * (api-schema.ts) checks the same characters with NAME_PATTERN first.
 */
import { fail, ok, type Failure, type Result } from './result.js';
import { LIMITS } from './vocabulary.js';

/** Characters a name may not hold anywhere: controls, unpaired surrogates, bidi overrides and isolates. */
const FORBIDDEN = '\\p{Cc}\\p{Cs}\\u202A-\\u202E\\u2066-\\u2069';
/** Characters that show nothing by themselves: spaces, format characters (zero-width...), combining marks. */
const INVISIBLE = '\\s\\p{Z}\\p{Cf}\\p{M}';

/**
 * The API's pattern for names (JSON Schema `pattern`, Unicode mode): none of the forbidden characters, and at
 * least one visible one.
 */
export const NAME_PATTERN = `^[^${FORBIDDEN}]*[^${FORBIDDEN}${INVISIBLE}][^${FORBIDDEN}]*$`;

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
  unprintable:
    'A name needs a visible character and cannot contain control characters, direction overrides or broken text.',
};

/** A name as typed, trimmed and in Unicode NFC, if the API will take it; otherwise why not. */
export function parsePlayerName(text: string): Result<string, NameFailure> {
  // NFC, so that "é" typed as e + accent and as one letter are one name, of one length (a lone surrogate stays as
  // it is, and the pattern refuses it).
  const name = text.trim().normalize('NFC');
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
