/**
 * The lobby and the ways into a game: quick pairing, a new game (optionally from a FEN), the name this browser
 * plays under, and the auto-refresh preference. Every post answers 303: a success to the new seat's secret player
 * page or back to the page the form came from, a refusal to the form's page with its notice (flash.ts).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { LichessBridge } from '../server/lichess/lichess-bridge.js';
import type { GameState, GameSummary, JoinResult } from '../shared/api-schema.js';
import { parseTimeControl, type TimeControl } from '../shared/time-control.js';
import { ok, type Failure, type Result } from '../shared/result.js';
import { LIMITS, type Color } from '../shared/vocabulary.js';
import { LobbyPage } from './components/lobby-page.js';
import { NamePage, NewGamePage, type NewGameValues } from './components/setup-pages.js';
import { COOKIE_NAMES, makeCookie } from './cookies.js';
import type { Flash } from './flash.js';
import { parseName, textField } from './form-fields.js';
import {
  AUTO_REFRESH_PATH,
  isLocalPath,
  withQuery,
  LOBBY_PATH,
  NAME_PATH,
  NEW_GAME_FORM_PATH,
  NEW_GAME_PATH,
  playerPath,
  QUICK_PLAY_PATH,
} from './paths.js';
import { isCrossSite } from './security.js';
import type { WebDeps } from './web-deps.js';

const LIST_LIMITS = { waiting: 20, active: 20, finished: 10 } as const;

/** A game in progress counts as live for the lobby's small board if it moved within this long (or its clock runs). */
export const LIVE_WITHIN_MS = 10 * 60_000;

/**
 * The time control a form asks for (a preset button's label, or what was typed: `5+3`, `0.5+0`, `3d`,
 * `untimed`); absent or empty is untimed. The reading is shared/time-control.ts's, as in the API.
 */
export function parseTimeControlField(text: string): Result<TimeControl | null, Failure<'invalid_request'>> {
  const trimmed = text.trim();
  return trimmed === '' ? ok(null) : parseTimeControl(trimmed);
}

/**
 * The game for the lobby's small "live" board: the newest game in progress that is really being played, which
 * is one that moved in the last LIVE_WITHIN_MS, or a realtime one whose clock runs (the server ends it when that
 * clock runs out). An untimed or correspondence game that nobody touched for a while is not live; nor is any
 * game when none qualifies. `states` answers the full state of a game (its clock).
 */
export async function pickLiveGame(
  active: readonly GameSummary[],
  now: Date,
  state: (id: string) => Promise<GameState | null>,
): Promise<GameState | null> {
  for (const game of active) {
    const recent = now.getTime() - Date.parse(game.updatedAt) <= LIVE_WITHIN_MS;
    if (!recent && game.timeControl?.type !== 'realtime') continue;
    const full = await state(game.id);
    if (full?.status !== 'active') continue;
    if (recent || full.clock?.running) return full;
  }
  return null;
}

/** Read a colour choice: 'white', 'black', or undefined for "either". */
export function parseColor(text: string): Color | undefined {
  return text === 'white' || text === 'black' ? text : undefined;
}

/** Send the browser to its new seat, remembering the name for next time. */
export function redirectToSeat(reply: FastifyReply, joined: JoinResult, name: string): FastifyReply {
  return reply
    .header('Set-Cookie', makeCookie(COOKIE_NAMES.name, name))
    .redirect(playerPath(joined.gameId, joined.token), 303);
}

/** The local page a form asked to go back to, or the lobby. */
function backPath(body: unknown): string {
  const back = textField(body, 'back', 600);
  return isLocalPath(back) ? back : LOBBY_PATH;
}

export const lobbyRoutes: FastifyPluginAsync<{ deps: WebDeps; lichess?: () => LichessBridge }> = async (
  app,
  { deps, lichess },
) => {
  const { service } = deps;

  async function renderLobby(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    error?: string,
    refusedName?: string,
  ) {
    const list = async (status: 'waiting' | 'active' | 'finished') => {
      const page = await service.list({ status, limit: LIST_LIMITS[status] });
      return page.ok ? page.value.games : [];
    };
    const onlineBots = async () => (lichess ? (await lichess().onlineBots()).map((bot) => bot.username) : []);
    const [waiting, active, ended, bots] = await Promise.all([
      list('waiting'),
      list('active'),
      list('finished'),
      onlineBots(),
    ]);
    // A game cancelled (or expired) while it waited was never played: it is not news for "Recently finished".
    const finished = ended.filter((game) => game.players.white !== null && game.players.black !== null);
    const context = deps.contextFor(request);
    const featured = await pickLiveGame(active, context.now, async (id) => {
      const state = await service.state(id);
      return state.ok ? state.value : null;
    });
    const page = (
      <LobbyPage
        context={context}
        featured={featured}
        waiting={waiting}
        active={active}
        finished={finished}
        bots={bots}
        error={error}
        refusedName={refusedName}
      />
    );
    return deps.sendPage(reply, status, page);
  }

  /** Refuse posts from other sites (browsers always send Origin on a form post). */
  function refuseCrossSite(request: FastifyRequest, reply: FastifyReply): FastifyReply | null {
    if (!isCrossSite(request)) return null;
    return deps.sendMessage(request, reply, 403, 'This form was sent from another site, so it was ignored.');
  }

  /** Answer a refused post: 303 to `path` (plus `query`), which shows the flash's notice. */
  function redirectRefused(reply: FastifyReply, path: string, flash: Flash, query: Record<string, string> = {}) {
    const id = deps.flash.put(path, flash);
    return reply.redirect(withQuery(path, { ...query, notice: id }), 303);
  }

  const noticeOf = (request: FastifyRequest, path: string) =>
    deps.flash.get((request.query as Record<string, unknown>)['notice'], path);

  app.get(LOBBY_PATH, async (request, reply) => {
    const flash = noticeOf(request, LOBBY_PATH);
    return renderLobby(request, reply, 200, flash?.notice.text, flash?.typed);
  });

  app.post(QUICK_PLAY_PATH, async (request, reply) => {
    const refused = refuseCrossSite(request, reply);
    if (refused) return refused;
    const typed = textField(request.body, 'name', LIMITS.nameMaxLength * 4);
    const again = (code: string, text: string, kept?: string) =>
      redirectRefused(reply, LOBBY_PATH, { code, notice: { kind: 'error', text }, typed: kept });
    const name = parseName(typed);
    if (!name.ok) return again('invalid_request', name.message, typed);
    const control = parseTimeControlField(textField(request.body, 'timeControl', 40));
    if (!control.ok) return again('invalid_request', control.message);
    const joined = await service.quickJoin(name.value, control.value);
    if (!joined.ok) return again(joined.code, joined.message);
    return redirectToSeat(reply, joined.value, name.value);
  });

  app.get(NEW_GAME_FORM_PATH, async (request, reply) => {
    const flash = noticeOf(request, NEW_GAME_FORM_PATH);
    const page = flash ? (
      <NewGamePage
        context={deps.contextFor(request)}
        error={flash.notice.text}
        values={flash.values as NewGameValues | undefined}
        refusedField={flash.field as 'name' | 'fen' | 'timeControl' | undefined}
      />
    ) : (
      <NewGamePage context={deps.contextFor(request)} />
    );
    return deps.sendPage(reply, 200, page);
  });

  app.post(NEW_GAME_PATH, async (request, reply) => {
    const refused = refuseCrossSite(request, reply);
    if (refused) return refused;
    const values = {
      name: textField(request.body, 'name', LIMITS.nameMaxLength * 4),
      fen: textField(request.body, 'fen', LIMITS.fenMaxLength * 2).trim(),
      color: textField(request.body, 'color'),
      timeControl: textField(request.body, 'timeControl', 40),
      customTimeControl: textField(request.body, 'customTimeControl', 40),
    };
    const again = (code: string, error: string, refusedField: 'name' | 'fen' | 'timeControl' = 'fen') =>
      redirectRefused(reply, NEW_GAME_FORM_PATH, {
        code,
        notice: { kind: 'error', text: error },
        values,
        field: refusedField,
      });
    const name = parseName(values.name);
    if (!name.ok) return again('invalid_request', name.message, 'name');
    if (values.fen.length > LIMITS.fenMaxLength)
      return again('invalid_fen', 'That FEN is too long to be a chess position.');
    // A typed time control wins over the preset chosen (the hint beside the field says so).
    const control = parseTimeControlField(values.customTimeControl.trim() || values.timeControl);
    if (!control.ok) {
      return again('invalid_request', `That time control cannot be used. ${control.message}`, 'timeControl');
    }
    const created = await service.create(values.fen === '' ? undefined : values.fen, control.value);
    if (!created.ok) {
      const text =
        created.code === 'invalid_fen' ? `That position cannot be played. ${created.message}` : created.message;
      return again(created.code, text);
    }
    const joined = await service.join(created.value.id, name.value, parseColor(values.color));
    if (!joined.ok) return again(joined.code, joined.message);
    return redirectToSeat(reply, joined.value, name.value);
  });

  app.get(NAME_PATH, async (request, reply) => {
    const back = (request.query as Record<string, unknown>)['back'];
    const flash = noticeOf(request, NAME_PATH);
    const page = (
      <NamePage
        context={deps.contextFor(request)}
        back={isLocalPath(back) ? back : LOBBY_PATH}
        {...(flash ? { error: flash.notice.text, refused: flash.typed ?? '' } : {})}
      />
    );
    return deps.sendPage(reply, 200, page);
  });

  app.post(NAME_PATH, async (request, reply) => {
    const refused = refuseCrossSite(request, reply);
    if (refused) return refused;
    const back = backPath(request.body);
    const typed = textField(request.body, 'name', LIMITS.nameMaxLength * 4);
    const name = parseName(typed);
    if (!name.ok) {
      const flash: Flash = { code: 'invalid_request', notice: { kind: 'error', text: name.message }, typed };
      return redirectRefused(reply, NAME_PATH, flash, { back });
    }
    return reply.header('Set-Cookie', makeCookie(COOKIE_NAMES.name, name.value)).redirect(back, 303);
  });

  app.post(AUTO_REFRESH_PATH, async (request, reply) => {
    // A preference, not an action on a game: a forged post could at worst turn refreshing off.
    const on = textField(request.body, 'on') !== 'off';
    return reply
      .header('Set-Cookie', makeCookie(COOKIE_NAMES.autoRefresh, on ? 'on' : 'off'))
      .redirect(backPath(request.body), 303);
  });
};
