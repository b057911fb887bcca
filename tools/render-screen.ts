/**
 * Render a terminal screen saved with `tmux capture-pane -p -e` (text with SGR colour codes) to a PNG, for the
 * docs: `npx tsx tools/render-screen.ts screen.ansi docs/tui-screen.png`. Uses Debian's Chromium
 * through playwright-core. Only the SGR codes Ink and tmux emit are read: reset, bold, dim, inverse, the 16 basic
 * colours, 256-colour and true-colour foregrounds and backgrounds.
 */
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

interface Style {
  fg: string | null;
  bg: string | null;
  bold: boolean;
  dim: boolean;
  inverse: boolean;
}

const BASIC = ['#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5'];
const BRIGHT = ['#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff'];
const DEFAULT_FG = '#d4d4d4';
const DEFAULT_BG = '#1e1e1e';

/** xterm's 256-colour palette. */
function color256(index: number): string {
  if (index < 8) return BASIC[index]!;
  if (index < 16) return BRIGHT[index - 8]!;
  if (index < 232) {
    const value = index - 16;
    const level = (n: number) => (n === 0 ? 0 : 55 + n * 40);
    const [r, g, b] = [Math.floor(value / 36), Math.floor(value / 6) % 6, value % 6].map(level);
    return `rgb(${r},${g},${b})`;
  }
  const grey = 8 + (index - 232) * 10;
  return `rgb(${grey},${grey},${grey})`;
}

function applySgr(style: Style, params: number[]): Style {
  const next = { ...style };
  for (let i = 0; i < params.length; i++) {
    const code = params[i]!;
    if (code === 0) Object.assign(next, { fg: null, bg: null, bold: false, dim: false, inverse: false });
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 22) next.bold = next.dim = false;
    else if (code === 7) next.inverse = true;
    else if (code === 27) next.inverse = false;
    else if (code >= 30 && code <= 37) next.fg = BASIC[code - 30]!;
    else if (code >= 90 && code <= 97) next.fg = BRIGHT[code - 90]!;
    else if (code === 39) next.fg = null;
    else if (code >= 40 && code <= 47) next.bg = BASIC[code - 40]!;
    else if (code >= 100 && code <= 107) next.bg = BRIGHT[code - 100]!;
    else if (code === 49) next.bg = null;
    else if ((code === 38 || code === 48) && params[i + 1] === 5) {
      next[code === 38 ? 'fg' : 'bg'] = color256(params[i + 2] ?? 0);
      i += 2;
    } else if ((code === 38 || code === 48) && params[i + 1] === 2) {
      next[code === 38 ? 'fg' : 'bg'] = `rgb(${params[i + 2]},${params[i + 3]},${params[i + 4]})`;
      i += 4;
    }
  }
  return next;
}

const escapeHtml = (text: string) => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

/** The screen as HTML lines of styled spans. */
export function ansiToHtml(text: string): string {
  let style: Style = { fg: null, bg: null, bold: false, dim: false, inverse: false };
  return text
    .replace(/\n+$/u, '')
    .split('\n')
    .map((line) => {
      let html = '';
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the terminal's colour codes this parses.
      for (const part of line.split(/(\x1b\[[0-9;]*m)/u)) {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
        const sgr = /^\x1b\[([0-9;]*)m$/u.exec(part);
        if (sgr) {
          style = applySgr(style, (sgr[1] || '0').split(';').map(Number));
          continue;
        }
        if (part === '') continue;
        const fg = style.inverse ? (style.bg ?? DEFAULT_BG) : (style.fg ?? DEFAULT_FG);
        const bg = style.inverse ? (style.fg ?? DEFAULT_FG) : style.bg;
        const css = [
          `color:${fg}`,
          bg ? `background:${bg}` : '',
          style.bold ? 'font-weight:bold' : '',
          style.dim ? 'opacity:0.6' : '',
        ]
          .filter(Boolean)
          .join(';');
        html += `<span style="${css}">${escapeHtml(part)}</span>`;
      }
      return `<div>${html || '&nbsp;'}</div>`;
    })
    .join('');
}

async function main(): Promise<void> {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) throw new Error('usage: render-screen.ts <capture-pane -e file> <out.png>');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    await page.setContent(
      `<!doctype html><meta charset="utf-8"><style>body{margin:0;background:${DEFAULT_BG}}` +
        `#screen{display:inline-block;padding:12px 16px;font:15px/1.25 "DejaVu Sans Mono",monospace;white-space:pre;` +
        `background:${DEFAULT_BG}}</style><div id="screen">${ansiToHtml(readFileSync(input, 'utf8'))}</div>`,
    );
    await page.locator('#screen').screenshot({ path: output });
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
