/**
 * The lobby: quick pairing (one button per time control preset, like lichess's grid), New game (with options, on
 * its own page), and the games waiting, in progress and recently finished, each with its time control. Join
 * buttons sit in the list but belong to the quick pairing form (`form=`), so one name serves all of them. The
 * lobby refreshes itself once the browser has a name: then it has no text field to wipe.
 */
import type { ReactNode } from 'react';
import type { GameState, GameSummary } from '../../shared/api-schema.js';
import { START_FEN, type Color } from '../../shared/vocabulary.js';
import { scoreText } from '../../shared/outcome-text.js';
import { describeTimeControl, formatTimeControl, TIME_CONTROL_PRESETS } from '../../shared/time-control.js';
import { speedName } from '../clock-view.js';
import { boardView, formatAgo, resultHeadline, sideName, type BoardSource } from '../game-view.js';
import type { PageContext } from '../page-context.js';
import { joinPath, LOBBY_PATH, NEW_GAME_FORM_PATH, QUICK_PLAY_PATH, spectatorPath } from '../paths.js';
import { Board } from './board.js';
import { BotsSection } from './bots-section.js';
import { NameField } from './name-field.js';
import { Name } from './names.js';
import { Page, RefreshControls } from './page.js';

const LOBBY_FORM = 'lobby-form';

export interface LobbyPageProps {
  context: PageContext;
  /** A live game to watch as a small board (lobby-routes.ts picks it); null when none is live. */
  featured?: GameState | null | undefined;
  waiting: GameSummary[];
  active: GameSummary[];
  finished: GameSummary[];
  /** Bots online now, to challenge (bots-section.tsx); the section is left out when undefined. */
  bots?: readonly string[] | undefined;
  /** Why the last submission was refused, e.g. "Please enter a name." */
  error?: string | undefined;
  /** The refused name as typed, kept in the field. */
  refusedName?: string | undefined;
}

export function LobbyPage({ context, featured, waiting, active, finished, bots, error, refusedName }: LobbyPageProps) {
  const hasField = context.rememberedName === '' || error !== undefined;
  const wanted = !hasField;
  return (
    <Page context={context} title="Lobby" refresh={{ wanted, url: LOBBY_PATH, seconds: context.refreshSeconds }}>
      <div className="lobby">
        <section className="card hero lobby-hero" aria-labelledby="lobby-heading">
          <div className="hero-text">
            <h1 id="lobby-heading">Play chess</h1>
            <p className="lede">
              Pick a time control: you take the oldest game waiting with it, or start one that waits for an opponent.
            </p>
            {error ? (
              <p className="notice error" role="alert">
                {error}
              </p>
            ) : null}
            <form id={LOBBY_FORM} method="post" action={QUICK_PLAY_PATH} className="lobby-form">
              <NameField context={context} back={LOBBY_PATH} refused={error ? (refusedName ?? '') : undefined} />
              <fieldset className="quick-pairing">
                <legend>Quick pairing</legend>
                <div className="preset-grid">
                  {TIME_CONTROL_PRESETS.map((preset) => (
                    <button
                      key={formatTimeControl(preset)}
                      type="submit"
                      name="timeControl"
                      value={formatTimeControl(preset)}
                      className="preset"
                    >
                      <span className="preset-label">{preset ? describeTimeControl(preset) : 'Untimed'}</span>{' '}
                      <span className="preset-speed">{speedName(preset)}</span>
                    </button>
                  ))}
                </div>
              </fieldset>
              <div className="button-row">
                <a className="button" href={NEW_GAME_FORM_PATH}>
                  New game with options…
                </a>
              </div>
            </form>
          </div>
          <FeaturedBoard game={featured ?? null} />
        </section>

        {hasField ? (
          <p className="refresh-controls">
            <span className="refresh-state">This list refreshes itself once you have chosen a name.</span>
            <a className="button subtle" href={LOBBY_PATH}>
              Refresh
            </a>
          </p>
        ) : (
          <RefreshControls context={context} wanted={wanted} selfPath={LOBBY_PATH} seconds={context.refreshSeconds} />
        )}

        {bots && bots.length > 0 ? <BotsSection bots={bots} formId={LOBBY_FORM} /> : null}

        <GamesSection
          id="waiting-heading"
          title="Waiting for an opponent"
          empty={waiting.length === 0 ? 'No game is waiting. Pick a time control above to start one.' : null}
          columns={['Player', 'Time', 'Created']}
        >
          {waiting.map((game) => (
            <WaitingRow key={game.id} game={game} now={context.now} />
          ))}
        </GamesSection>

        <GamesSection
          id="active-heading"
          title="Games in progress"
          empty={active.length === 0 ? 'No game in progress.' : null}
          columns={['Players', 'Time', 'Progress']}
        >
          {active.map((game) => (
            <WatchRow key={game.id} game={game}>
              <TimeControlCell game={game} />
              <td className="muted">
                {game.plies === 0 ? 'Not started' : `Move ${Math.floor(game.plies / 2) + 1}`} · {sideName(game.turn)} to
                play
              </td>
            </WatchRow>
          ))}
        </GamesSection>

        <GamesSection
          id="finished-heading"
          title="Recently finished"
          empty={finished.length === 0 ? 'No finished game yet.' : null}
          columns={['Players', 'Time', 'Result']}
        >
          {finished.map((game) => (
            <WatchRow key={game.id} game={game}>
              <TimeControlCell game={game} />
              <td>
                <span className="result">{scoreText(game.result, 'typeset')}</span>{' '}
                <span className="reason">{resultHeadline(game)}</span>
              </td>
            </WatchRow>
          ))}
        </GamesSection>
      </div>
    </Page>
  );
}

/** A small board beside the name form: a live game (a link to watch it), or the start position. */
function FeaturedBoard({ game }: { game: GameState | null }) {
  const state = game ?? null;
  const view = boardView(state ?? START_POSITION, { role: 'spectator', orientation: 'white' }, {});
  const board = (
    <div className="board-frame mini-board" aria-hidden="true">
      <Board view={view} lastMove={state?.lastMove ?? null} checked={state?.check ? state.turn : null} />
    </div>
  );
  if (!state) return <div className="featured">{board}</div>;
  const players = `${state.players.white?.name ?? '—'} vs ${state.players.black?.name ?? '—'}`;
  return (
    <div className="featured">
      <a className="featured-link" href={spectatorPath(state.id)} aria-label={`Watch a live game: ${players}`}>
        {board}
        <span className="featured-caption" aria-hidden="true">
          <span className="live-dot" /> Live: <Name name={state.players.white?.name ?? '—'} /> vs{' '}
          <Name name={state.players.black?.name ?? '—'} />
        </span>
      </a>
    </div>
  );
}

const START_POSITION: BoardSource = {
  fen: START_FEN,
  legalMoves: [],
  lastMove: null,
  check: false,
  status: 'waiting',
  turn: 'white',
};

function WaitingRow({ game, now }: { game: GameSummary; now: Date }) {
  const free = (['white', 'black'] as const).filter((color) => game.players[color] === null);
  const seated = (['white', 'black'] as const).find((color) => game.players[color] !== null);
  return (
    <tr>
      <td>
        {seated ? (
          <>
            <span className={`side-swatch ${seated}`} aria-hidden="true" /> <Name name={game.players[seated]!.name} />{' '}
            <span className="muted">({seated})</span>
          </>
        ) : (
          <span className="muted">nobody yet</span>
        )}
      </td>
      <TimeControlCell game={game} />
      <td className="muted created">{formatAgo(game.createdAt, now)}</td>
      <td className="row-action">
        {free.map((color: Color) => (
          <button
            key={color}
            type="submit"
            form={LOBBY_FORM}
            formAction={joinPath(game.id)}
            name="seat"
            value={color}
            aria-label={`Join ${seated ? `${game.players[seated]!.name}'s game` : 'game'} as ${color} (${describeTimeControl(game.timeControl)})`}
          >
            Join as {color}
          </button>
        ))}
      </td>
    </tr>
  );
}

/** A game's time control in a lobby list: "5+3 · Blitz", "3 days · Correspondence", "untimed". */
function TimeControlCell({ game }: { game: GameSummary }) {
  const control = game.timeControl ?? null;
  return (
    <td className="time-cell">
      <span className="time-control">{describeTimeControl(control)}</span>
      {control ? <span className="muted speed"> · {speedName(control)}</span> : null}
    </td>
  );
}

/** One list of the lobby: a heading, and a table of games or a note when there is none. */
function GamesSection(props: {
  id: string;
  title: string;
  empty: string | null;
  columns: string[];
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.empty !== null ? (
        <p className="empty-note">{props.empty}</p>
      ) : (
        <table className="games">
          <thead>
            <tr>
              {props.columns.map((column) => (
                <th scope="col" key={column} className={column.toLowerCase()}>
                  {column}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>{props.children}</tbody>
        </table>
      )}
    </section>
  );
}

/** A game to watch: its players, one cell of detail (`children`), and a Watch link. */
function WatchRow({ game, children }: { game: GameSummary; children: ReactNode }) {
  return (
    <tr>
      <td>
        <Players game={game} />
      </td>
      {children}
      <td className="row-action">
        <a className="button" href={spectatorPath(game.id)} aria-label={`Watch ${describe(game)}`}>
          Watch
        </a>
      </td>
    </tr>
  );
}

function Players({ game }: { game: GameSummary }) {
  return (
    <span className="players">
      <span className="side-swatch white" aria-hidden="true" /> <Name name={game.players.white?.name ?? '—'} />
      <span className="versus"> vs </span>
      <span className="side-swatch black" aria-hidden="true" /> <Name name={game.players.black?.name ?? '—'} />
    </span>
  );
}

function describe(game: GameSummary): string {
  return `${game.players.white?.name ?? 'nobody'} vs ${game.players.black?.name ?? 'nobody'}`;
}
