/**
 * What changed between two versions of a game that the board alone does not show: the opponent declined this
 * player's draw offer (or moved instead, which lets it lapse), or asked for a rematch. Words for the notice line;
 * the facts are the server's (drawOffer, moves, rematch).
 */
import type { GameState } from '../shared/api-schema.js';
import { opponentOf, type Color } from '../shared/vocabulary.js';
import type { Notice } from './actions.js';
import { playerName } from './describe.js';

export function drawNews(before: GameState, after: GameState, color: Color): Notice | null {
  if (before.id !== after.id) return null;
  const opponent = playerName(after, opponentOf(color));
  if (before.drawOffer === color && after.drawOffer === null && after.status === 'active') {
    return after.moves.length === before.moves.length
      ? { tone: 'info', text: `${opponent} declined your draw offer.` }
      : { tone: 'info', text: `${opponent} played on: your draw offer lapsed.` };
  }
  if (before.rematch == null && after.rematch != null && after.status === 'finished') {
    return { tone: 'info', text: `${opponent} asks for a rematch: press r to play it.` };
  }
  return null;
}
