/**
 * The HTML document around every page: head (title, one stylesheet, the refresh tag when the page waits), the
 * site header, and the auto-refresh controls (WCAG 2.2.1: timed refresh can be turned off).
 */
import type { ReactNode } from 'react';
import { API_DOCS_PATH, AUTO_REFRESH_PATH, LOBBY_PATH } from '../paths.js';
import type { PageContext } from '../page-context.js';

export interface PageProps {
  context: PageContext;
  title: string;
  /** Refresh this page while it waits for someone else; the address to reload (defaults to the page itself). */
  refresh?: { wanted: boolean; url: string; seconds: number } | undefined;
  /** A short word in the header (e.g. "Spectating"). */
  mode?: string;
  children: ReactNode;
}

export function Page({ context, title, refresh, mode, children }: PageProps) {
  const refreshing = refresh?.wanted === true && context.autoRefresh;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — Rookery`}</title>
        <link rel="stylesheet" href={context.assets.stylesheet} />
        <link rel="icon" href={context.assets.favicon} type="image/svg+xml" />
        {refreshing ? <meta httpEquiv="refresh" content={`${refresh.seconds}; url=${refresh.url}`} /> : null}
      </head>
      <body>
        <header className="site-header">
          <a className="brand" href={LOBBY_PATH}>
            <span className="brand-mark" aria-hidden="true">
              {'♜\uFE0E'}
            </span>
            Rookery
          </a>
          {mode ? (
            <>
              <span className="visually-hidden"> · </span>
              <span className="mode">{mode}</span>
            </>
          ) : null}
        </header>
        <main className="page" id="main">
          {children}
        </main>
        <footer className="site-footer">
          <p>
            Rookery chess server · <a href={LOBBY_PATH}>Lobby</a> · <a href={API_DOCS_PATH}>API reference</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

/**
 * The Refresh button and the auto-refresh toggle, shown on every page that may refresh itself. `selfPath` is where
 * both come back to; `wanted` says whether the page refreshes right now (it pauses on the player's own turn).
 */
export function RefreshControls({
  context,
  wanted,
  selfPath,
  seconds,
  hasStatusFrame = false,
  reloadUrl,
}: {
  context: PageContext;
  wanted: boolean;
  selfPath: string;
  seconds: number;
  /** The page shows the status frame (status-frame.tsx), which checks for news while the page stays. */
  hasStatusFrame?: boolean;
  /** Where Refresh goes, when not `selfPath` (game pages: see paths.ts `reloadPath`). */
  reloadUrl?: string | undefined;
}) {
  const paused = hasStatusFrame
    ? 'Auto-refresh is on; while you choose, only the news box above checks for changes.'
    : 'Auto-refresh is on; it pauses while it is your move.';
  const state = context.autoRefresh
    ? wanted
      ? `Auto-refresh is on: this page reloads every ${seconds} s while it waits.`
      : paused
    : 'Auto-refresh is off: press Refresh to see changes.';
  return (
    <form className="refresh-controls" method="post" action={AUTO_REFRESH_PATH}>
      <input type="hidden" name="back" value={selfPath} />
      <span className="refresh-state">{state}</span>
      <a className="button subtle" href={reloadUrl ?? selfPath}>
        Refresh
      </a>
      <button className="subtle" type="submit" name="on" value={context.autoRefresh ? 'off' : 'on'}>
        {context.autoRefresh ? 'Turn auto-refresh off' : 'Turn auto-refresh on'}
      </button>
    </form>
  );
}
