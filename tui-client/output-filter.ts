/**
 * What reaches the terminal, made to fit it: `NO_COLOR` strips colour (foreground and background; bold, dim and
 * inverse stay, since every mark on screen has a character of its own), and an ASCII terminal (`--ascii`, or a
 * locale that is not UTF-8) gets every other character of the frame in ASCII: signs, arrows, frames and dashes,
 * whichever module wrote them. Ink measures its lines before writing, so the ASCII spelling of a character
 * keeps its width (`…` becomes `.`, not `...`).
 */

export interface OutputStyle {
  /** Only ASCII characters reach the terminal. */
  ascii: boolean;
  /** Colour escape sequences reach the terminal. */
  colors: boolean;
}

/** One ASCII character per character of the frame, of the same width. */
const ASCII_SPELLING: Record<string, string> = {
  '›': '>',
  '‹': '<',
  '▶': '>',
  '◂': '<',
  '◆': '@',
  '◀': '<',
  '↑': '^',
  '↓': 'v',
  '…': '.',
  '✓': 'v',
  '✗': 'x',
  '⚠': '!',
  '⚑': '!',
  '■': '#',
  '↻': '~',
  '·': '-',
  '•': 'o',
  '◦': 'o',
  '—': '-',
  '–': '-',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '×': 'x',
  '═': '=',
  '─': '-',
  '║': '|',
  '│': '|',
  '╔': '+',
  '╗': '+',
  '╚': '+',
  '╝': '+',
  '╭': '+',
  '╮': '+',
  '╰': '+',
  '╯': '+',
  '┌': '+',
  '┐': '+',
  '└': '+',
  '┘': '+',
};

/** Any character outside ASCII (escape sequences are ASCII, so they pass). */
const NON_ASCII = /[^\p{ASCII}]/gu;

// Colour parameters of SGR sequences: 30–37, 39, 40–47, 49, 90–97, 100–107, and 38/48 with 5;n or 2;r;g;b.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what an SGR sequence starts with.
const SGR = /\u001b\[([0-9;]*)m/gu;

function withoutColour(params: string): string {
  const kept: string[] = [];
  const list = params === '' ? [] : params.split(';');
  for (let index = 0; index < list.length; index++) {
    const code = Number(list[index]);
    if (code === 38 || code === 48 || code === 58) {
      index += list[index + 1] === '5' ? 2 : list[index + 1] === '2' ? 4 : 0;
      continue;
    }
    if ((code >= 30 && code <= 39) || (code >= 40 && code <= 49) || (code >= 90 && code <= 97)) continue;
    if (code >= 100 && code <= 107) continue;
    kept.push(list[index]!);
  }
  return kept.join(';');
}

/** Text as it may reach a terminal of this style. */
export function filterOutput(text: string, style: OutputStyle): string {
  let out = text;
  if (!style.colors) {
    out = out.replace(SGR, (sequence, params: string) => {
      if (params === '' || params === '0') return sequence;
      const kept = withoutColour(params);
      return kept === '' ? '' : `\u001b[${kept}m`;
    });
  }
  if (style.ascii) {
    // Escape sequences are ASCII already; zero-width marks (the text-presentation selector) go.
    out = out.replace(NON_ASCII, (char) => {
      const code = char.codePointAt(0)!;
      if ((code >= 0x200b && code <= 0x200f) || (code >= 0xfe00 && code <= 0xfe0f)) return '';
      return ASCII_SPELLING[char] ?? '?';
    });
  }
  return out;
}

/** `stream`, with every write passed through `filterOutput` (everything else is the stream's own). */
export function filteredStream<T extends NodeJS.WritableStream>(stream: T, style: OutputStyle): T {
  if (!style.ascii && style.colors) return stream;
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...args: unknown[]) => boolean)(
            typeof chunk === 'string' ? filterOutput(chunk, style) : chunk,
            ...rest,
          );
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Does the environment's locale speak UTF-8? (LC_ALL, else LC_CTYPE, else LANG; none set: only on Windows.) */
export function localeIsUtf8(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
  const locale = [env['LC_ALL'], env['LC_CTYPE'], env['LANG']].find((value) => value !== undefined && value !== '');
  if (locale === undefined) return platform === 'win32';
  return /utf-?8/iu.test(locale);
}

/** `NO_COLOR` set to anything but the empty string turns colour off (https://no-color.org). */
export function colorsWanted(env: NodeJS.ProcessEnv): boolean {
  const value = env['NO_COLOR'];
  return value === undefined || value === '';
}
