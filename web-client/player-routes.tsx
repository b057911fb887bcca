/**
 * The secret player page of a seat and its actions: move (clicked or typed), resign (confirmed), draws, abort and
 * rematch. The address `/play/{gameId}/{secret}` is the credential: the secret is the seat token of the join.
 * Every post answers 303 to the player page (Post/Redirect/Get), refusals included: a refusal leaves its notice in
 * the flash store (flash.ts) and the page it redirects to (`?notice=<id>`) shows it, with the refused text kept in
 * the field, so that reloading never re-sends the post.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { GameState } from '../shared/api-schema.js';
import { normalizeMoveInput } from '../shared/move-input.js';
import { DRAW_ACTIONS, LIMITS, opponentOf, type Color, type DrawAction } from '../shared/vocabulary.js';
import { ERROR_STATUS } from '../shared/errors.js';
import type { AuthorizedSeat, ServiceFailure } from '../server/service/game-service.js';
import { GamePage } from './components/game-page.js';
import type { Flash, Notice } from './flash.js';
import { StatusFramePage } from './components/status-frame.js';
import { shownVersion, textField, wholeNumberField } from './form-fields.js';
import { frameNews } from './frame-news.js';
import { validSelection } from './game-view.js';
import { redirectToSeat } from './lobby-routes.js';
import { GAME_ANCHOR, playerActionPath, playerPath, playerStatusPath, withQuery } from './paths.js';
import { URL_SAFE_ID, type WebDeps } from './web-deps.js';

interface SeatParams {
  id: string;
  secret: string;
}

/** A seated request: who acts, with which colour, and the game as it is now. */
interface Seat {
  /** The seat, its token checked once here; the service acts for it without checking again. */
  credentials: AuthorizedSeat;
  /** The seat's secret (its token), for the page's own addresses. */
  secret: string;
  color: Color;
  state: GameState;
}

/** What the player reads when the service refuses an action; the service's own sentence otherwise. */
function noticeText(failure: ServiceFailure, opponentName: string): string {
  switch (failure.code) {
    case 'stale_ply':
      return 'The game moved on since this page was shown, so nothing was played. Here is the current position.';
    case 'not_your_turn':
      return `It is not your turn: wait for ${opponentName}.`;
    case 'game_over':
      return 'The game is over.';
    case 'game_not_started':
      return 'The game has not started yet: it waits for a second player.';
    default:
      return failure.message;
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, 8) : undefined;
}

export const playerRoutes: FastifyPluginAsync<{ deps: WebDeps }> = async (app, { deps }) => {
  const { service } = deps;

  /** The seat behind the address, or a readable 404 already sent (unknown game or wrong secret look the same). */
  async function seatOf(
    request: FastifyRequest<{ Params: SeatParams }>,
    reply: FastifyReply,
  ): Promise<Seat | FastifyReply> {
    const { id, secret } = request.params;
    const missing = () =>
      deps.sendMessage(
        request,
        reply,
        ERROR_STATUS.not_found,
        'There is no seat at this address. Check the link, or start from the lobby.',
      );
    if (!URL_SAFE_ID.test(id) || !URL_SAFE_ID.test(secret)) return missing();
    const authorized = await service.authorize({ gameId: id, token: secret });
    if (!authorized.ok) return missing();
    const state = await service.state(id);
    if (!state.ok) return missing();
    return { credentials: authorized.value, secret, color: authorized.value.color, state: state.value };
  }

  function renderPlayer(
    request: FastifyRequest<{ Params: SeatParams }>,
    reply: FastifyReply,
    status: number,
    seat: Seat,
    extra: {
      notice?: Notice | undefined;
      noticeCode?: string | undefined;
      typedMove?: string | undefined;
      selection?: { from?: string; to?: string };
      confirmResign?: boolean;
    } = {},
  ) {
    const viewer = { role: 'player', color: seat.color } as const;
    const page = (
      <GamePage
        context={deps.contextFor(request)}
        state={seat.state}
        viewer={viewer}
        secret={seat.secret}
        selection={extra.selection ?? {}}
        confirmResign={extra.confirmResign === true && seat.state.status === 'active'}
        notice={extra.notice}
        noticeCode={extra.noticeCode}
        typedMove={extra.typedMove}
        rematchId={seat.state.rematch ?? undefined}
        reloaded={(request.query as Record<string, unknown>)['r'] === '1'}
      />
    );
    return deps.sendPage(reply, status, page, true);
  }

  const back = (seat: Seat) => playerPath(seat.credentials.gameId, seat.secret);

  /** Answer a refused action: 303 to the page, which shows the notice (and the typed text) from the flash store. */
  function redirectRefused(reply: FastifyReply, seat: Seat, flash: Flash) {
    const id = deps.flash.put(back(seat), flash);
    return reply.redirect(withQuery(back(seat), { notice: id }), 303);
  }

  /** A refusal by the service, worded for the page. */
  async function refuse(reply: FastifyReply, seat: Seat, failure: ServiceFailure, extra: { typed?: string } = {}) {
    const current = await service.state(seat.state.id);
    const state = failure.game ?? (current.ok ? current.value : seat.state);
    const opponentName = state.players[opponentOf(seat.color)]?.name ?? 'your opponent';
    const notice: Notice = { kind: 'error', text: noticeText(failure, opponentName) };
    return redirectRefused(reply, seat, { code: failure.code, notice, typed: extra.typed });
  }

  app.get<{ Params: SeatParams }>('/play/:id/:secret', async (request, reply) => {
    const seat = await seatOf(request, reply);
    if (!('credentials' in seat)) return seat;
    const query = request.query as Record<string, unknown>;
    const viewer = { role: 'player', color: seat.color } as const;
    const selection = validSelection(seat.state, viewer, {
      from: typeof query['select'] === 'string' ? query['select'] : undefined,
      to: typeof query['to'] === 'string' ? query['to'] : undefined,
    });
    const flash = deps.flash.get(query['notice'], back(seat));
    return renderPlayer(request, reply, 200, seat, {
      selection,
      confirmResign: query['confirm'] === 'resign',
      notice: flash?.notice,
      noticeCode: flash?.code,
      typedMove: flash?.typed,
    });
  });

  // The status frame of a page that does not reload itself: news since the version that page shows.
  app.get<{ Params: SeatParams }>('/play/:id/:secret/status', async (request, reply) => {
    const seat = await seatOf(request, reply);
    if (!('credentials' in seat)) return seat;
    const query = request.query as Record<string, unknown>;
    const viewer = { role: 'player', color: seat.color } as const;
    const { state } = seat;
    const shown = shownVersion(query['v']) ?? state.version;
    const selection = { select: stringOf(query['select']), to: stringOf(query['to']) };
    const page = (
      <StatusFramePage
        context={deps.contextFor(request)}
        state={state}
        news={frameNews(state, viewer, shown)}
        topUrl={withQuery(back(seat), state.status === 'finished' ? {} : selection)}
        selfUrl={withQuery(playerStatusPath(state.id, seat.secret), { v: String(shown), ...selection })}
        drawAction={playerActionPath(state.id, seat.secret, 'draw')}
      />
    );
    return deps.sendPage(reply, 200, page, { isSecret: true, framable: true });
  });

  app.post<{ Params: SeatParams }>('/play/:id/:secret/move', async (request, reply) => {
    const seat = await seatOf(request, reply);
    if (!('credentials' in seat)) return seat;
    const typed = textField(request.body, 'move', LIMITS.moveMaxLength * 4);
    const ply = wholeNumberField(request.body, 'ply');
    if (ply === null) {
      return redirectRefused(reply, seat, {
        code: 'invalid_request',
        notice: { kind: 'error', text: 'This form is damaged (its move number is not a number). Try again.' },
      });
    }
    const text = normalizeMoveInput(typed);
    if (text === null || text.length > LIMITS.moveMaxLength) {
      const message =
        text === null ? 'Type a move first, for example e4 or Nf3.' : `"${typed.trim()}" is too long to be a move.`;
      return redirectRefused(reply, seat, { code: 'illegal_move', notice: { kind: 'error', text: message }, typed });
    }
    const moved = await service.move(seat.credentials, text, ply);
    // After a move the page opens at the board: the next Tab is a square, not the site's header.
    if (moved.ok) return reply.redirect(`${back(seat)}#${GAME_ANCHOR}`, 303);
    if (moved.code === 'illegal_move') {
      // The server says why (server/domain/illegal-reason.ts); the page adds nothing of its own about chess.
      const why = moved.explanation ? ` ${moved.explanation}` : '';
      const notice: Notice = {
        kind: 'error',
        text: `"${typed.trim()}" is not a legal move in this position.${why}`,
        suggestion: moved.suggestion,
      };
      return redirectRefused(reply, seat, { code: moved.code, notice, typed });
    }
    return refuse(reply, seat, moved, { typed });
  });

  app.post<{ Params: SeatParams }>('/play/:id/:secret/resign', async (request, reply) => {
    const seat = await seatOf(request, reply);
    if (!('credentials' in seat)) return seat;
    // Resigning ends the game: without the confirmation step's field, show the question instead.
    if (textField(request.body, 'confirm') !== 'yes')
      return reply.redirect(withQuery(back(seat), { confirm: 'resign' }), 303);
    const resigned = await service.resign(seat.credentials);
    return resigned.ok ? reply.redirect(back(seat), 303) : refuse(reply, seat, resigned);
  });

  app.post<{ Params: SeatParams }>('/play/:id/:secret/draw', async (request, reply) => {
    const seat = await seatOf(request, reply);
    if (!('credentials' in seat)) return seat;
    const action = textField(request.body, 'action') as DrawAction;
    if (!DRAW_ACTIONS.includes(action)) {
      return redirectRefused(reply, seat, {
        code: 'invalid_request',
        notice: { kind: 'error', text: 'Choose offer, accept, decline, claim or withdraw.' },
      });
    }
    const drawn = await service.draw(seat.credentials, action);
    return drawn.ok ? reply.redirect(back(seat), 303) : refuse(reply, seat, drawn);
  });

  app.post<{ Params: SeatParams }>('/play/:id/:secret/abort', async (request, reply) => {
    const seat = await seatOf(request, reply);
    if (!('credentials' in seat)) return seat;
    const aborted = await service.abort(seat.credentials);
    return aborted.ok ? reply.redirect(back(seat), 303) : refuse(reply, seat, aborted);
  });

  app.post<{ Params: SeatParams }>('/play/:id/:secret/rematch', async (request, reply) => {
    const seat = await seatOf(request, reply);
    if (!('credentials' in seat)) return seat;
    const { state } = seat;
    if (state.status !== 'finished') {
      return redirectRefused(reply, seat, {
        code: 'game_in_progress',
        notice: { kind: 'error', text: 'A rematch can be asked for once this game is over.' },
      });
    }
    const name = state.players[seat.color]?.name ?? 'player';
    // The first to ask creates the rematch (colours swapped, the other seat kept for the opponent); the second
    // takes the seat kept for them. The service says why when neither can happen.
    const joined = await service.rematch(seat.credentials, name);
    if (!joined.ok) {
      if (joined.code === 'color_taken') {
        return redirectRefused(reply, seat, {
          code: joined.code,
          notice: {
            kind: 'error',
            text: `You already sit in the rematch with ${opponentOf(seat.color)}: you asked for it before (see that tab).`,
          },
        });
      }
      return refuse(reply, seat, joined);
    }
    return redirectToSeat(reply, joined.value, name);
  });
};
