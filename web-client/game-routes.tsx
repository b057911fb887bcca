/**
 * The public page of a game (spectators; a friend opening a shared link) and joining it. Nothing here shows or
 * accepts a seat's secret.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { GameState } from '../shared/api-schema.js';
import { ERROR_STATUS } from '../shared/errors.js';
import { LIMITS } from '../shared/vocabulary.js';
import { GamePage } from './components/game-page.js';
import type { Notice } from './flash.js';
import { StatusFramePage } from './components/status-frame.js';
import { parseName, shownVersion, textField } from './form-fields.js';
import { frameNews } from './frame-news.js';
import { spectatorPath, spectatorStatusPath, withQuery } from './paths.js';
import { parseColor, redirectToSeat } from './lobby-routes.js';
import { isCrossSite } from './security.js';
import { URL_SAFE_ID, type WebDeps } from './web-deps.js';

interface GameParams {
  id: string;
}

export const gameRoutes: FastifyPluginAsync<{ deps: WebDeps }> = async (app, { deps }) => {
  const { service } = deps;

  function notFound(request: FastifyRequest, reply: FastifyReply) {
    return deps.sendMessage(
      request,
      reply,
      ERROR_STATUS.game_not_found,
      'There is no game at this address. It may have been mistyped.',
    );
  }

  function renderSpectator(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    state: GameState,
    notice?: Notice,
  ) {
    const query = request.query as Record<string, unknown>;
    const orientation = query['orientation'] === 'black' ? 'black' : 'white';
    const page = (
      <GamePage
        context={deps.contextFor(request)}
        state={state}
        viewer={{ role: 'spectator', orientation }}
        selection={{}}
        notice={notice}
        reloaded={query['r'] === '1'}
      />
    );
    return deps.sendPage(reply, status, page);
  }

  app.get<{ Params: GameParams }>('/games/:id', async (request, reply) => {
    const { id } = request.params;
    const state = URL_SAFE_ID.test(id) ? await service.state(id) : null;
    if (!state?.ok) return notFound(request, reply);
    const flash = deps.flash.get((request.query as Record<string, unknown>)['notice'], spectatorPath(id));
    return renderSpectator(request, reply, 200, state.value, flash?.notice);
  });

  /** A refused join: 303 back to the game's page, which shows why (Post/Redirect/Get). */
  function redirectRefused(reply: FastifyReply, id: string, code: string, notice: Notice) {
    const notes = deps.flash.put(spectatorPath(id), { code, notice });
    return reply.redirect(withQuery(spectatorPath(id), { notice: notes }), 303);
  }

  // The status frame of a spectator page that does not reload itself (a name being typed to join).
  app.get<{ Params: GameParams }>('/games/:id/status', async (request, reply) => {
    const { id } = request.params;
    const current = URL_SAFE_ID.test(id) ? await service.state(id) : null;
    if (!current?.ok) return notFound(request, reply);
    const state = current.value;
    const query = request.query as Record<string, unknown>;
    const orientation = query['orientation'] === 'black' ? 'black' : undefined;
    const shown = shownVersion(query['v']) ?? state.version;
    const page = (
      <StatusFramePage
        context={deps.contextFor(request)}
        state={state}
        news={frameNews(state, { role: 'spectator', orientation: orientation ?? 'white' }, shown)}
        topUrl={withQuery(spectatorPath(id), { orientation })}
        selfUrl={withQuery(spectatorStatusPath(id), { v: String(shown), orientation })}
      />
    );
    return deps.sendPage(reply, 200, page, { isSecret: false, framable: true });
  });

  app.post<{ Params: GameParams }>('/games/:id/join', async (request, reply) => {
    const { id } = request.params;
    const current = URL_SAFE_ID.test(id) ? await service.state(id) : null;
    if (!current?.ok) return notFound(request, reply);
    if (isCrossSite(request)) {
      return deps.sendMessage(request, reply, 403, 'This form was sent from another site, so it was ignored.');
    }
    const parsed = parseName(textField(request.body, 'name', LIMITS.nameMaxLength * 4));
    if (!parsed.ok) return redirectRefused(reply, id, 'invalid_request', { kind: 'error', text: parsed.message });
    // The lobby's Join buttons say `seat`; the game page's buttons say `color`.
    const color = parseColor(textField(request.body, 'seat')) ?? parseColor(textField(request.body, 'color'));
    const joined = await service.join(id, parsed.value, color);
    if (!joined.ok) {
      const text =
        joined.code === 'color_taken' || joined.code === 'game_full'
          ? 'Someone took that seat just before you. Pick another game in the lobby.'
          : joined.message;
      return redirectRefused(reply, id, joined.code, { kind: 'error', text });
    }
    return redirectToSeat(reply, joined.value, parsed.value);
  });
};
