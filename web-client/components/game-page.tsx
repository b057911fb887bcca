/**
 * The game page, for a seated player (secret address, may act) or a spectator (public address, may flip the
 * board or take a free seat). In reading order (and in the DOM): the status as the page's `h1`, the board (with
 * the promotion chooser over it), then the panel: news box and refresh, notice, move entry, actions, moves, FEN/PGN.
 */
import type { GameState } from '../../shared/api-schema.js';
import { PIECE_NAMES } from '../../shared/board.js';
import { LIMITS, opponentOf, type Color } from '../../shared/vocabulary.js';
import {
  boardView,
  canMove,
  isWaitingForOthers,
  playerName,
  promotionChoices,
  resultForViewer,
  resultHeadline,
  sideName,
  statusText,
  type Viewer,
} from '../game-view.js';
import { describeTimeControl } from '../../shared/time-control.js';
import { clockPanel, speedName } from '../clock-view.js';
import type { PageContext } from '../page-context.js';
import {
  GAME_ANCHOR,
  joinPath,
  reloadPath,
  pgnPath,
  playerActionPath,
  playerPath,
  playerStatusPath,
  spectatorPath,
  spectatorStatusPath,
  withQuery,
} from '../paths.js';
import { Board, BOARD_FORMS, PieceGlyph } from './board.js';
import { MoveList } from './move-list.js';
import { isolated, Name, WithNames } from './names.js';
import { NameField } from './name-field.js';
import { Page, RefreshControls } from './page.js';
import { PlayerBar } from './player-bar.js';
import { StatusFrame } from './status-frame.js';

import type { Notice } from '../flash.js';

export type { Notice };

export interface GamePageProps {
  context: PageContext;
  state: GameState;
  viewer: Viewer;
  /** The seat's secret; only for the player's own page. */
  secret?: string | undefined;
  /** A valid selection (see validSelection). */
  selection: { from?: string; to?: string };
  /** The player asked to resign and must confirm. */
  confirmResign?: boolean;
  notice?: Notice | undefined;
  /** The error code of the refusal the notice tells of, e.g. `illegal_move` (marked on the notice). */
  noticeCode?: string | undefined;
  /** The text of a refused typed move, kept in the field. */
  typedMove?: string | undefined;
  /** This page was opened by its own reload (`?r=1`): the next reload goes to the address without it. */
  reloaded?: boolean | undefined;
  /** A rematch game already created from this one, if any. */
  rematchId?: string | undefined;
}

export function GamePage(props: GamePageProps) {
  const { context, state, viewer, secret, selection } = props;
  const isPlayer = viewer.role === 'player' && secret !== undefined;
  const bottom: Color = viewer.role === 'player' ? viewer.color : viewer.orientation;
  const top = opponentOf(bottom);
  const selfPath = isPlayer ? playerPath(state.id, secret) : pageOfSpectator(state.id, bottom);
  // Choosing a piece, confirming a resignation or typing a name to join: a refresh would undo it.
  const joinFormHasField = !isPlayer && state.status === 'waiting' && context.rememberedName === '';
  const interacting = Boolean(selection.from) || props.confirmResign === true || joinFormHasField;
  const waiting = isWaitingForOthers(state, viewer) && !interacting;
  const myTurn = canMove(state, viewer);
  // A page that does not reload itself still learns of news (a flag, a resignation, a draw offer) from a small
  // frame that does; a page that reloads itself needs none.
  const statusFrame =
    state.status !== 'finished' && !(waiting && context.autoRefresh)
      ? statusFrameSource(state, isPlayer ? secret : undefined, selection, bottom)
      : null;
  const clocks = clockPanel(state, context.now);
  const title = pageTitle(state, viewer);
  const view = boardView(state, viewer, selection);
  const lastMoveSan = state.lastMove?.san;

  const names = [state.players.white?.name, state.players.black?.name];
  const promoting =
    isPlayer && myTurn && selection.from && selection.to ? { from: selection.from, to: selection.to } : null;
  // Reloads land on the game (`#game`): the status line at the top of the window, the next Tab a square, and the
  // page does not jump to its top. The
  // address alternates `?r=1` with none, because going to the very address shown, fragment included, only scrolls.
  const anchored = reloadPath(selfPath, props.reloaded === true);

  return (
    <Page
      context={context}
      title={title}
      refresh={
        state.status === 'finished' ? undefined : { wanted: waiting, url: anchored, seconds: context.refreshSeconds }
      }
      mode={isPlayer ? `Playing ${sideName(bottom).toLowerCase()}` : 'Spectating'}
    >
      <div className="game-layout" id={GAME_ANCHOR} data-ply={state.moves.length} data-status={state.status}>
        <section className="status-area" aria-label="Status">
          {state.status === 'finished' ? (
            <GameOverBanner state={state} viewer={viewer} />
          ) : (
            <div className={`status-card${state.check ? ' in-check' : ''}${myTurn ? ' your-turn' : ''}`}>
              <div role="status">
                <h1 className="status-line">
                  <WithNames text={statusText(state, viewer, context.now)} names={names} />
                </h1>
              </div>
              {lastMoveSan || clocks ? (
                <p className="last-move-note">
                  {lastMoveSan ? (
                    <>
                      Last move: <strong>{lastMoveSan}</strong>
                    </>
                  ) : null}
                  {lastMoveSan && clocks ? ' · ' : null}
                  {clocks ? (
                    <span className="time-control">
                      {clocks.label} {speedName(state.timeControl)}
                    </span>
                  ) : null}
                </p>
              ) : null}
            </div>
          )}
        </section>

        <section className="board-area" aria-label="Board">
          <PlayerBar state={state} color={top} isYou={false} position="top" clocks={clocks} />
          {isPlayer && myTurn ? <BoardForms state={state} secret={secret} selection={selection} /> : null}
          <div className={`board-frame${promoting ? ' promoting' : ''}`}>
            {promoting && secret !== undefined ? (
              <PromotionChooser state={state} secret={secret} {...promoting} />
            ) : null}
            <Board
              view={view}
              lastMove={state.lastMove}
              checked={state.check ? state.turn : null}
              promotionTarget={promoting?.to}
            />
          </div>
          <PlayerBar state={state} color={bottom} isYou={isPlayer} position="bottom" clocks={clocks} />
        </section>

        <section className="panel" aria-label="Game">
          {state.status === 'finished' ? null : (
            <div className="card news-card">
              {statusFrame ? <StatusFrame src={statusFrame} context={context} /> : null}
              <RefreshControls
                context={context}
                wanted={waiting}
                selfPath={selfPath}
                seconds={context.refreshSeconds}
                hasStatusFrame={statusFrame !== null}
                reloadUrl={anchored}
              />
            </div>
          )}

          {props.notice ? (
            <NoticeBox notice={props.notice} code={props.noticeCode} state={state} secret={secret} names={names} />
          ) : null}

          {isPlayer && myTurn ? (
            <MoveEntry
              state={state}
              secret={secret}
              typed={props.typedMove}
              hasError={props.notice?.kind === 'error'}
            />
          ) : null}

          {isPlayer ? (
            <PlayerActions {...props} secret={secret} color={bottom} />
          ) : (
            <SpectatorActions state={state} context={context} bottom={bottom} />
          )}

          <MoveList state={state} />

          <GameInfo state={state} context={context} isPlayer={isPlayer} />
        </section>
      </div>
    </Page>
  );
}

/** The status frame's address: the seat's own (with the selection to keep) or the spectator's. */
function statusFrameSource(
  state: GameState,
  secret: string | undefined,
  selection: { from?: string; to?: string },
  bottom: Color,
): string {
  const version = String(state.version);
  if (secret !== undefined) {
    return withQuery(playerStatusPath(state.id, secret), { v: version, select: selection.from, to: selection.to });
  }
  return withQuery(spectatorStatusPath(state.id), {
    v: version,
    orientation: bottom === 'black' ? 'black' : undefined,
  });
}

function pageOfSpectator(gameId: string, bottom: Color): string {
  return withQuery(spectatorPath(gameId), { orientation: bottom === 'black' ? 'black' : undefined });
}

function pageTitle(state: GameState, viewer: Viewer): string {
  const players = `${isolated(playerName(state, 'white'))} vs ${isolated(playerName(state, 'black'))}`;
  if (state.status === 'finished') return `${resultHeadline(state)} · ${players}`;
  if (state.status === 'waiting') return `Waiting for a player · ${players}`;
  if (canMove(state, viewer)) return `Your move · ${players}`;
  return players;
}

/** The empty forms the square buttons belong to (buttons name them with `form=`). */
function BoardForms({ state, secret, selection }: { state: GameState; secret: string; selection: { from?: string } }) {
  const page = playerPath(state.id, secret);
  return (
    <div hidden>
      <form id={BOARD_FORMS.select} method="get" action={page} />
      <form id={BOARD_FORMS.promote} method="get" action={page}>
        {selection.from ? <input type="hidden" name="select" value={selection.from} /> : null}
      </form>
      <form id={BOARD_FORMS.move} method="post" action={playerActionPath(state.id, secret, 'move')}>
        <input type="hidden" name="ply" value={state.moves.length} />
      </form>
    </div>
  );
}

/**
 * The promotion chooser, laid over the board where the player just clicked (it used to sit below the board, out of
 * sight at 1280×800). The queen's button takes the focus (`autofocus`, no script), so Enter promotes to a queen.
 */
function PromotionChooser({ state, secret, from, to }: { state: GameState; secret: string; from: string; to: string }) {
  const choices = promotionChoices(state, { from, to });
  return (
    <fieldset className="promotion card" aria-describedby="promotion-help">
      <legend>Promote the pawn on {to} to:</legend>
      <p id="promotion-help" className="visually-hidden">
        Moving the pawn from {from} to {to} promotes it. Choose the new piece.
      </p>
      <div className="promotion-choices">
        {choices.map((piece, index) => (
          <button
            key={piece}
            type="submit"
            form={BOARD_FORMS.move}
            name="move"
            value={`${from}${to}${piece}`}
            {...(index === 0 ? { autoFocus: true } : {})}
          >
            <PieceGlyph piece={{ color: state.turn, type: piece }} />
            <span className="choice-name">{capitalise(PIECE_NAMES[piece])}</span>
          </button>
        ))}
      </div>
      <a className="button subtle" href={withQuery(playerPath(state.id, secret), { select: from })}>
        Cancel
      </a>
    </fieldset>
  );
}

function GameOverBanner({ state, viewer }: { state: GameState; viewer: Viewer }) {
  // Won, lost and drawn look different (colour, mark and words), not only in the sentence.
  const outcome =
    state.winner === null
      ? 'draw'
      : viewer.role !== 'player'
        ? 'decided'
        : viewer.color === state.winner
          ? 'won'
          : 'lost';
  const mark = { won: '★', lost: '✕', draw: '½', decided: '♚\uFE0E' }[outcome];
  return (
    <div className={`game-over ${outcome}`} role="status" data-outcome={outcome}>
      <p className="game-over-label">
        <span className="game-over-mark" aria-hidden="true">
          {mark}
        </span>{' '}
        Game over
      </p>
      <h1 className="game-over-headline">{resultHeadline(state)}</h1>
      <p className="game-over-result">{resultForViewer(state, viewer)}</p>
    </div>
  );
}

function NoticeBox({
  notice,
  code,
  state,
  secret,
  names,
}: {
  notice: Notice;
  code?: string | undefined;
  state: GameState;
  secret?: string | undefined;
  names: readonly (string | undefined)[];
}) {
  if (notice.kind === 'info') {
    return (
      <p className="notice info" role="status">
        <WithNames text={notice.text} names={names} />
      </p>
    );
  }
  return (
    <div className="notice error" role="alert" data-refused={code}>
      <p>
        <WithNames text={notice.text} names={names} />
      </p>
      {notice.suggestion && secret && state.status === 'active' ? (
        <form method="post" action={playerActionPath(state.id, secret, 'move')} className="suggestion">
          <input type="hidden" name="ply" value={state.moves.length} />
          <span>Did you mean </span>
          <button type="submit" name="move" value={notice.suggestion}>
            {notice.suggestion}
          </button>
          <span>?</span>
        </form>
      ) : null}
    </div>
  );
}

function MoveEntry({
  state,
  secret,
  typed,
  hasError,
}: {
  state: GameState;
  secret: string;
  typed?: string | undefined;
  hasError: boolean;
}) {
  return (
    <form className="card move-entry" method="post" action={playerActionPath(state.id, secret, 'move')}>
      <label htmlFor="move-input">Type your move</label>
      <div className="move-entry-row">
        <input
          id="move-input"
          name="move"
          type="text"
          defaultValue={typed ?? ''}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={LIMITS.moveMaxLength}
          required
          aria-describedby="move-help"
          {...(hasError ? { 'aria-invalid': true, autoFocus: true } : {})}
        />
        <input type="hidden" name="ply" value={state.moves.length} />
        <button type="submit" className="primary">
          Play
        </button>
      </div>
      <p id="move-help" className="hint">
        Or click a piece, then its square. Any notation: e4, Nf3, e2e4, e2-e4, O-O, e8=Q.
      </p>
    </form>
  );
}

function PlayerActions(props: GamePageProps & { secret: string; color: Color }) {
  const { state, secret, color, context } = props;
  const opponent = opponentOf(color);
  const opponentName = playerName(state, opponent);
  const page = playerPath(state.id, secret);
  const action = (name: 'resign' | 'draw' | 'abort' | 'rematch') => playerActionPath(state.id, secret, name);

  if (state.status === 'waiting') {
    const shareUrl = `${context.origin}${spectatorPath(state.id)}`;
    return (
      <section className="card actions" aria-labelledby="actions-heading">
        <h2 id="actions-heading">Invite an opponent</h2>
        <p>Send this address to the person you want to play; it opens a page where they can take the free seat:</p>
        <p>
          <a className="share-link" href={spectatorPath(state.id)}>
            {shareUrl}
          </a>
        </p>
        <p className="hint">Or they can press Play or Join in the lobby. Keep this page: its address is your seat.</p>
        {state.canAbort ? (
          <form method="post" action={action('abort')}>
            <button type="submit">Cancel this game</button>
          </form>
        ) : null}
      </section>
    );
  }

  if (state.status === 'finished') {
    // A game nobody joined (cancelled while it waited) has nobody to play again: no Rematch button.
    const hadOpponent = state.players[opponent] !== null;
    return (
      <section className="card actions" aria-labelledby="actions-heading">
        <h2 id="actions-heading">What next?</h2>
        <div className="button-row">
          {hadOpponent ? (
            <form method="post" action={action('rematch')}>
              <button type="submit" className="primary">
                {props.rematchId ? (
                  <>
                    Join the rematch (<Name name={opponentName} /> is waiting)
                  </>
                ) : (
                  'Rematch'
                )}
              </button>
            </form>
          ) : null}
          <a className={`button${hadOpponent ? '' : ' primary'}`} href="/">
            New game
          </a>
        </div>
        {hadOpponent ? (
          <p className="hint">A rematch swaps colours: you play {opponent === 'white' ? 'white' : 'black'}.</p>
        ) : (
          <p className="hint">Nobody joined this game before it was cancelled.</p>
        )}
      </section>
    );
  }

  return (
    <section className="card actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      {state.drawOffer === opponent ? (
        <div className="draw-offer" role="status">
          <p>
            <strong>
              <Name name={opponentName} />
            </strong>{' '}
            offers a draw.
          </p>
          <div className="button-row">
            <form method="post" action={action('draw')}>
              <button type="submit" name="action" value="accept" className="primary">
                Accept draw
              </button>
            </form>
            <form method="post" action={action('draw')}>
              <button type="submit" name="action" value="decline">
                Decline
              </button>
            </form>
          </div>
        </div>
      ) : null}
      {state.drawOffer === color ? (
        <div className="draw-offer own">
          <p className="hint">
            You offered a draw; waiting for <Name name={opponentName} /> to answer.
          </p>
          <form method="post" action={action('draw')}>
            <button type="submit" name="action" value="withdraw">
              Withdraw draw offer
            </button>
          </form>
        </div>
      ) : null}
      {props.confirmResign ? (
        <div className="confirm" role="alert">
          <p>
            Resign this game?{' '}
            <strong>
              <Name name={opponentName} />
            </strong>{' '}
            wins.
          </p>
          <div className="button-row">
            <form method="post" action={action('resign')}>
              <input type="hidden" name="confirm" value="yes" />
              <button type="submit" className="danger">
                Yes, resign
              </button>
            </form>
            <a className="button" href={page}>
              No, keep playing
            </a>
          </div>
        </div>
      ) : (
        <div className="button-row">
          {state.drawOffer === null ? (
            <form method="post" action={action('draw')}>
              <button type="submit" name="action" value="offer">
                Offer draw
              </button>
            </form>
          ) : null}
          {state.canClaimDraw && state.turn === color ? (
            <form method="post" action={action('draw')}>
              <button type="submit" name="action" value="claim" className="primary">
                Claim draw
              </button>
            </form>
          ) : null}
          {/* The server says when aborting is allowed (state.canAbort); the page does not restate the rule. */}
          {state.canAbort ? (
            <form method="post" action={action('abort')}>
              <button type="submit">Abort game</button>
            </form>
          ) : null}
          <form method="get" action={page}>
            <button type="submit" name="confirm" value="resign">
              Resign…
            </button>
          </form>
        </div>
      )}
    </section>
  );
}

function SpectatorActions({ state, context, bottom }: { state: GameState; context: PageContext; bottom: Color }) {
  const flipTo = opponentOf(bottom);
  const free = (['white', 'black'] as const).filter((color) => state.players[color] === null);
  return (
    <section className="card actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{state.status === 'waiting' ? 'Join this game' : 'Watching'}</h2>
      {state.status === 'waiting' && free.length > 0 ? (
        <form method="post" action={joinPath(state.id)} className="join-form">
          <NameField context={context} back={spectatorPath(state.id)} />
          <div className="button-row">
            {free.map((color) => (
              <button key={color} type="submit" name="color" value={color} className="primary">
                Play {color}
              </button>
            ))}
          </div>
        </form>
      ) : null}
      <p>
        <a className="button subtle" href={pageOfSpectator(state.id, flipTo)}>
          Flip board ({sideName(flipTo)} at the bottom)
        </a>
      </p>
    </section>
  );
}

function GameInfo({ state, context, isPlayer }: { state: GameState; context: PageContext; isPlayer: boolean }) {
  return (
    <section className="card info" aria-labelledby="info-heading">
      <h2 id="info-heading">Position</h2>
      <p className="time-control-row">
        <span className="fen-label">Time control</span>{' '}
        <span className="time-control">{describeTimeControl(state.timeControl)}</span>
      </p>
      <p className="fen-row">
        <span className="fen-label">FEN</span> <code className="fen">{state.fen}</code>
      </p>
      <p className="button-row">
        <a className="button subtle" href={pgnPath(state.id)} download={`rookery-${state.id}.pgn`}>
          Download PGN
        </a>
        {isPlayer ? (
          <a className="button subtle" href={spectatorPath(state.id)}>
            Spectator view
          </a>
        ) : null}
        <a className="button subtle" href="/">
          Lobby
        </a>
      </p>
      {isPlayer ? (
        <p className="hint">
          This page&apos;s address is your seat: bookmark it to come back; do not share it. Spectators can follow at{' '}
          {context.origin}
          {spectatorPath(state.id)}.
        </p>
      ) : null}
    </section>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
