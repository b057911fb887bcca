/**
 * The status frame: a small document, shown in an `<iframe>` on game pages that must not reload themselves (it is
 * the player's move, a piece is selected, a resignation is being confirmed, a name is being typed). It reloads
 * itself instead, every `--refresh` seconds, and says when the game changed since the page was made: a flag, a
 * resignation, an abort, a draw offer. Its buttons act on the whole page (`target="_top"`), so the player decides
 * when to leave what they were typing or selecting. It has no field of its own, so its refresh wipes nothing.
 */
import type { GameState } from '../../shared/api-schema.js';
import type { FrameNews } from '../frame-news.js';
import type { PageContext } from '../page-context.js';
import { WithNames } from './names.js';

/** The `<iframe>` on the game page. */
export function StatusFrame({ src, context }: { src: string; context: PageContext }) {
  const title = context.autoRefresh
    ? `Game news (checks every ${context.refreshSeconds} s)`
    : 'Game news (auto-refresh is off)';
  return <iframe className="status-frame" src={src} title={title} />;
}

export interface StatusFramePageProps {
  context: PageContext;
  state: GameState;
  news: FrameNews | null;
  /** The game page to reload (`target="_top"`), with the selection it had. */
  topUrl: string;
  /** This frame's own address, for "Check now" when auto-refresh is off. */
  selfUrl: string;
  /** Where the draw answers post, for a seated player. */
  drawAction?: string | undefined;
}

export function StatusFramePage({ context, state, news, topUrl, selfUrl, drawAction }: StatusFramePageProps) {
  // Once the game is over nothing more can change: no need to keep asking.
  const refreshing = context.autoRefresh && state.status !== 'finished';
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Game news — Rookery</title>
        <link rel="stylesheet" href={context.assets.stylesheet} />
        {refreshing ? <meta httpEquiv="refresh" content={String(context.refreshSeconds)} /> : null}
      </head>
      <body className="frame-body">
        {news ? (
          <div className={`frame-news ${news.kind}`} role="alert" data-news={news.kind}>
            <p className="frame-headline">
              <WithNames text={news.headline} names={[state.players.white?.name, state.players.black?.name]} />
              {news.kind === 'finished' ? (
                <span className="frame-detail">
                  {' · '}
                  <WithNames text={news.detail} names={[state.players.white?.name, state.players.black?.name]} />
                </span>
              ) : null}
            </p>
            <div className="button-row">
              {news.kind === 'draw_offer' && drawAction ? (
                <>
                  <form method="post" action={drawAction} target="_top">
                    <button type="submit" name="action" value="accept" className="primary">
                      Accept draw
                    </button>
                  </form>
                  <form method="post" action={drawAction} target="_top">
                    <button type="submit" name="action" value="decline">
                      Decline
                    </button>
                  </form>
                </>
              ) : null}
              <a className={`button${news.kind === 'draw_offer' ? '' : ' primary'}`} href={topUrl} target="_top">
                {news.kind === 'finished' ? 'Show the result' : 'Show the game'}
              </a>
            </div>
          </div>
        ) : (
          <p className="frame-quiet" data-news="none">
            {state.status === 'finished' ? (
              'The game is over.'
            ) : refreshing ? (
              <>
                <span className="live-dot" aria-hidden="true" /> No news: the game is as shown (checked every{' '}
                {context.refreshSeconds} s).
              </>
            ) : (
              <>
                Auto-refresh is off.{' '}
                <a href={selfUrl} className="button subtle">
                  Check for news
                </a>
              </>
            )}
          </p>
        )}
      </body>
    </html>
  );
}
