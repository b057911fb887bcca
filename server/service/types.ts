/** Types the service layer answers with, re-exported for its callers. */
export type { GameState, GameSummary, JoinResult } from '../../shared/api-schema.js';
export type { GamePage } from '../store/game-store.js';
