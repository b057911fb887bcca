/**
 * The benchmark's outputs: the one table (text for the terminal, Markdown for docs/performance.md), the chart of
 * moves/s against concurrent games (SVG, screenshot to PNG by Debian's Chromium through playwright-core), and the
 * document itself.
 */
import { existsSync, writeFileSync } from 'node:fs';

export interface Row {
  /** Section letter, a..d. */
  section: string;
  figure: string;
  measured: string;
  baseline: string;
  /** measured / baseline, or null when there is none. */
  ratio: number | null;
  /** e.g. ">= 0.80", or "–" when the row only informs. */
  target: string;
  verdict: 'PASS' | 'FAIL' | 'info';
}

/** A row whose verdict compares `value` with `limit` ("ratio >= 0.80", "KiB <= 16"). */
export function verdict(value: number, comparison: '>=' | '<=', limit: number): 'PASS' | 'FAIL' {
  if (!Number.isFinite(value)) return 'FAIL';
  return (comparison === '>=' ? value >= limit : value <= limit) ? 'PASS' : 'FAIL';
}

export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatRatio(ratio: number | null): string {
  return ratio === null ? '–' : Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a';
}

const HEADER = ['figure', 'measured', 'baseline', 'ratio', 'target', 'result'];

function cells(row: Row): string[] {
  return [
    `(${row.section}) ${row.figure}`,
    row.measured,
    row.baseline,
    formatRatio(row.ratio),
    row.target,
    row.verdict,
  ];
}

/** The table for the terminal: aligned columns. */
export function textTable(rows: Row[]): string {
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const line = (values: string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column]!))
      .join(' | ')
      .trimEnd();
  return [line(table[0]!), widths.map((width) => '-'.repeat(width)).join('-|-'), ...table.slice(1).map(line)].join(
    '\n',
  );
}

export function markdownTable(rows: Row[]): string {
  const escapeCell = (value: string) => value.replace(/\|/gu, '\\|');
  return [
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, column) => (column === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${cells(row).map(escapeCell).join(' | ')} |`),
  ].join('\n');
}

export interface ChartSeries {
  label: string;
  color: string;
  points: { x: number; y: number }[];
}

/** Moves/s against concurrent games: one line per store, the naive loop as a horizontal dashed line. */
export function chartSvg(options: {
  title: string;
  subtitle: string;
  series: ChartSeries[];
  baseline: { label: string; y: number };
}): string {
  const width = 860;
  const height = 500;
  const margin = { left: 80, right: 200, top: 70, bottom: 60 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const xs = [...new Set(options.series.flatMap((series) => series.points.map((point) => point.x)))].sort(
    (a, b) => a - b,
  );
  const ys = [...options.series.flatMap((series) => series.points.map((point) => point.y)), options.baseline.y].filter(
    Number.isFinite,
  );
  const yMax = niceCeiling(Math.max(1, ...ys) * 1.1);
  // Log scale on x: 1, 5, 20, 50 concurrent games spread evenly enough to read.
  const logMin = Math.log(Math.max(1, xs[0] ?? 1));
  const logMax = Math.log(Math.max(2, xs.at(-1) ?? 2));
  // Points sit inside the axes, not on them.
  const inset = 30;
  const x = (value: number) =>
    margin.left +
    inset +
    (logMax === logMin
      ? (plotWidth - 2 * inset) / 2
      : ((Math.log(value) - logMin) / (logMax - logMin)) * (plotWidth - 2 * inset));
  const y = (value: number) => margin.top + plotHeight - (value / yMax) * plotHeight;
  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${margin.left}" y="30" font-size="19" font-weight="600">${xml(options.title)}</text>`);
  parts.push(`<text x="${margin.left}" y="52" font-size="13" fill="#555">${xml(options.subtitle)}</text>`);
  for (let step = 0; step <= 5; step++) {
    const value = (yMax / 5) * step;
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y(value)}" y2="${y(value)}" stroke="#e3e3e3"/>`,
    );
    parts.push(
      `<text x="${margin.left - 8}" y="${y(value) + 4}" font-size="12" text-anchor="end" fill="#333">${formatNumber(value)}</text>`,
    );
  }
  for (const value of xs) {
    parts.push(
      `<line x1="${x(value)}" x2="${x(value)}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#f0f0f0"/>`,
    );
    parts.push(
      `<text x="${x(value)}" y="${margin.top + plotHeight + 20}" font-size="12" text-anchor="middle" fill="#333">${value}</text>`,
    );
  }
  parts.push(
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#333"/>`,
  );
  parts.push(
    `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="#333"/>`,
  );
  parts.push(
    `<text x="${margin.left + plotWidth / 2}" y="${height - 15}" font-size="13" text-anchor="middle">concurrent games (HTTP connections, log scale)</text>`,
  );
  parts.push(
    `<text transform="translate(22 ${margin.top + plotHeight / 2}) rotate(-90)" font-size="13" text-anchor="middle">moves per second</text>`,
  );
  if (Number.isFinite(options.baseline.y)) {
    const baselineY = y(options.baseline.y);
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${baselineY}" y2="${baselineY}" stroke="#666" stroke-width="2" stroke-dasharray="7 5"/>`,
    );
  }
  options.series.forEach((series, index) => {
    const points = series.points.filter((point) => Number.isFinite(point.y));
    if (points.length > 0) {
      parts.push(
        `<polyline fill="none" stroke="${series.color}" stroke-width="2.5" points="${points.map((point) => `${x(point.x)},${y(point.y)}`).join(' ')}"/>`,
      );
      for (const point of points) {
        // The label goes above the point, or below it when another series is higher at this x.
        const below = options.series.some(
          (other) => other !== series && (other.points.find((p) => p.x === point.x)?.y ?? -Infinity) > point.y,
        );
        const labelY = below ? y(point.y) + 18 : y(point.y) - 9;
        parts.push(`<circle cx="${x(point.x)}" cy="${y(point.y)}" r="4" fill="${series.color}"/>`);
        parts.push(
          `<text x="${x(point.x)}" y="${labelY}" font-size="11" text-anchor="middle" fill="${series.color}">${formatNumber(point.y)}</text>`,
        );
      }
    }
    const legendY = margin.top + 20 + index * 24;
    parts.push(
      `<line x1="${width - margin.right + 20}" x2="${width - margin.right + 44}" y1="${legendY}" y2="${legendY}" stroke="${series.color}" stroke-width="2.5"/>`,
    );
    parts.push(`<text x="${width - margin.right + 50}" y="${legendY + 4}" font-size="13">${xml(series.label)}</text>`);
  });
  const legendY = margin.top + 20 + options.series.length * 24;
  parts.push(
    `<line x1="${width - margin.right + 20}" x2="${width - margin.right + 44}" y1="${legendY}" y2="${legendY}" stroke="#666" stroke-width="2" stroke-dasharray="7 5"/>`,
  );
  parts.push(
    `<text x="${width - margin.right + 50}" y="${legendY + 4}" font-size="13">${xml(options.baseline.label)}</text>`,
  );
  parts.push(
    `<text x="${width - margin.right + 50}" y="${legendY + 20}" font-size="12" fill="#555">${formatNumber(options.baseline.y)}/s</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">${parts.join('')}</svg>\n`;
}

function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function xml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Screenshot the SVG with Debian's Chromium (headless, no network); answers why not when it cannot.
 * No native dependency of our own: playwright-core only drives the browser the system already has.
 */
export async function renderPng(svg: string, pngPath: string): Promise<{ ok: true } | { ok: false; why: string }> {
  if (!existsSync(CHROMIUM)) return { ok: false, why: `${CHROMIUM} is missing (apt-get install chromium)` };
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 860, height: 500 }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    const buffer = await page.locator('svg').screenshot({ type: 'png' });
    writeFileSync(pngPath, buffer);
    return { ok: true };
  } catch (error) {
    return { ok: false, why: (error as Error).message };
  } finally {
    await browser.close();
  }
}
