/**
 * The web client's only static files: one stylesheet and a favicon, read once at startup. The stylesheet's
 * address carries a hash of its content, so browsers may cache it for good and still see every change.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { COUNTDOWN_CSS } from './countdown.js';

export interface Asset {
  /** The address it is served at, e.g. `/assets/rookery.3f2a9c1e.css`. */
  path: string;
  contentType: string;
  body: Buffer;
}

function load(file: string): Buffer {
  return readFileSync(new URL(`./assets/${file}`, import.meta.url));
}

/** Load the assets and name them by content. The clocks' countdown rules are generated (see countdown.ts). */
export function loadAssets(): { stylesheet: Asset; favicon: Asset } {
  const css = Buffer.concat([load('rookery.css'), Buffer.from(COUNTDOWN_CSS, 'utf8')]);
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 10);
  return {
    stylesheet: { path: `/assets/rookery.${hash}.css`, contentType: 'text/css; charset=utf-8', body: css },
    favicon: { path: '/assets/favicon.svg', contentType: 'image/svg+xml', body: load('favicon.svg') },
  };
}
