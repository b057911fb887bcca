import { describe, expect, it } from 'vitest';
import { colorsWanted, filterOutput, localeIsUtf8 } from './output-filter.js';

describe('filterOutput (issue 13, terminal item 5)', () => {
  it('strips colours but keeps bold, dim and inverse under NO_COLOR', () => {
    const text = '\u001b[1;38;2;0;0;0;48;2;255;204;153m♙\u001b[39;49m\u001b[7m \u001b[27m\u001b[32mok\u001b[39m';
    const out = filterOutput(text, { ascii: false, colors: false });
    expect(out).toBe('\u001b[1m♙\u001b[7m \u001b[27mok');
    expect(filterOutput('\u001b[38;5;223mx\u001b[0m', { ascii: false, colors: false })).toBe('x\u001b[0m');
  });

  it('spells every character in ASCII of the same width', () => {
    const out = filterOutput('› ▶ … ✓ ╔═╗ ♔\uFE0E — é', { ascii: true, colors: true });
    expect(out).toBe('> > . v +=+ ? - ?');
    expect(out).toMatch(/^\p{ASCII}*$/u);
  });

  it('reads the locale and NO_COLOR', () => {
    expect(localeIsUtf8({ LANG: 'C' }, 'linux')).toBe(false);
    expect(localeIsUtf8({ LANG: 'en_US.UTF-8' }, 'linux')).toBe(true);
    expect(localeIsUtf8({ LC_ALL: 'C', LANG: 'en_US.UTF-8' }, 'linux')).toBe(false);
    expect(localeIsUtf8({ LC_ALL: '', LC_CTYPE: 'C.utf8' }, 'linux')).toBe(true);
    expect(localeIsUtf8({}, 'linux')).toBe(false);
    expect(colorsWanted({ NO_COLOR: '1' })).toBe(false);
    expect(colorsWanted({ NO_COLOR: '' })).toBe(true);
    expect(colorsWanted({})).toBe(true);
  });
});
