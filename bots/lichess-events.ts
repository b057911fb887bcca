/**
 * The lines of lichess's Bot API streams that the lichess-API bot reads (lichess-org/api doc/specs: the event
 * stream's challenge / gameStart / gameFinish events, the game stream's gameFull / gameState / chatLine). Only the
 * fields the bot uses are typed; the rest of each object is left alone. Everything here arrives from the network,
 * so every reader checks what it takes.
 */

/** A user in a challenge (ChallengeUser). */
export interface LichessChallengeUser {
  id: string;
  name: string;
  title?: string | null;
}

/** A challenge as the event stream sends it (ChallengeJson). */
export interface LichessChallenge {
  id: string;
  challenger: LichessChallengeUser | null;
  destUser: LichessChallengeUser | null;
  variant: { key: string };
  speed: string;
  rated: boolean;
  timeControl: { type: 'clock'; limit: number; increment: number } | { type: 'correspondence' | 'unlimited' };
}

/** The `game` of gameStart / gameFinish (GameEventInfo). */
export interface LichessGameEvent {
  gameId: string;
  color?: 'white' | 'black';
  opponent?: { username?: string };
}

export type LichessEvent =
  | { type: 'challenge'; challenge: LichessChallenge }
  | { type: 'challengeCanceled' | 'challengeDeclined'; challenge: { id: string } }
  | { type: 'gameStart' | 'gameFinish'; game: LichessGameEvent }
  | { type: 'other'; raw: string };

/** A player of gameFull (GameEventPlayer); an anonymous one has no id. */
export interface LichessGamePlayer {
  id?: string;
  name?: string;
  title?: string | null;
}

/** gameState: the moves so far (space-separated UCI), the clocks in ms, the status name. */
export interface LichessGameState {
  type: 'gameState';
  moves: string;
  wtime: number;
  btime: number;
  winc: number;
  binc: number;
  status: string;
  winner?: 'white' | 'black';
  wdraw: boolean;
  bdraw: boolean;
}

/** gameFull: the game's fixed facts and its state when the stream opened. */
export interface LichessGameFull {
  type: 'gameFull';
  id: string;
  variant: { key: string };
  white: LichessGamePlayer;
  black: LichessGamePlayer;
  initialFen: string;
  /** Realtime games only, in ms. */
  clock?: { initial: number; increment: number } | null;
  /** Correspondence games only. */
  daysPerTurn?: number | null;
  state: LichessGameState;
}

export type LichessGameLine =
  | LichessGameFull
  | LichessGameState
  | { type: 'chatLine'; username: string; text: string; room: string }
  | { type: 'opponentGone'; gone: boolean; claimWinInSeconds?: number }
  | { type: 'other'; raw: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';

/** One event-stream line as the bot reads it; anything it does not know (or cannot read) is `other`. */
export function readEvent(value: unknown): LichessEvent {
  const raw = JSON.stringify(value);
  if (!isObject(value)) return { type: 'other', raw };
  const { type } = value;
  if (type === 'challenge' && isObject(value['challenge']) && isString(value['challenge']['id'])) {
    return { type, challenge: value['challenge'] as unknown as LichessChallenge };
  }
  if ((type === 'challengeCanceled' || type === 'challengeDeclined') && isObject(value['challenge'])) {
    const id = value['challenge']['id'];
    if (isString(id)) return { type, challenge: { id } };
  }
  if ((type === 'gameStart' || type === 'gameFinish') && isObject(value['game'])) {
    const game = value['game'];
    const gameId = isString(game['gameId']) ? game['gameId'] : isString(game['id']) ? game['id'] : null;
    if (gameId) return { type, game: { ...(game as Json), gameId } as LichessGameEvent };
  }
  return { type: 'other', raw };
}

/** A gameState's fields checked (lichess-bot reads these without fallback; so does this bot). */
function readState(value: unknown): LichessGameState | null {
  if (!isObject(value) || !isString(value['moves']) || !isString(value['status'])) return null;
  const ms = (name: string) => (typeof value[name] === 'number' ? (value[name] as number) : 0);
  const winner = value['winner'];
  return {
    type: 'gameState',
    moves: value['moves'],
    wtime: ms('wtime'),
    btime: ms('btime'),
    winc: ms('winc'),
    binc: ms('binc'),
    status: value['status'],
    ...(winner === 'white' || winner === 'black' ? { winner } : {}),
    wdraw: value['wdraw'] === true,
    bdraw: value['bdraw'] === true,
  };
}

/** One game-stream line as the bot reads it. */
export function readGameLine(value: unknown): LichessGameLine {
  const raw = JSON.stringify(value);
  if (!isObject(value)) return { type: 'other', raw };
  if (value['type'] === 'gameFull') {
    const state = readState(value['state']);
    if (!state || !isString(value['id']) || !isObject(value['white']) || !isObject(value['black'])) {
      return { type: 'other', raw };
    }
    const variant = isObject(value['variant']) && isString(value['variant']['key']) ? value['variant']['key'] : '';
    const clock = value['clock'];
    return {
      type: 'gameFull',
      id: value['id'],
      variant: { key: variant || 'standard' },
      white: value['white'] as LichessGamePlayer,
      black: value['black'] as LichessGamePlayer,
      initialFen: isString(value['initialFen']) ? value['initialFen'] : 'startpos',
      clock:
        isObject(clock) && typeof clock['initial'] === 'number' && typeof clock['increment'] === 'number'
          ? { initial: clock['initial'], increment: clock['increment'] }
          : null,
      daysPerTurn: typeof value['daysPerTurn'] === 'number' ? value['daysPerTurn'] : null,
      state,
    };
  }
  if (value['type'] === 'gameState') return readState(value) ?? { type: 'other', raw };
  if (value['type'] === 'chatLine' && isString(value['username']) && isString(value['text'])) {
    return { type: 'chatLine', username: value['username'], text: value['text'], room: String(value['room'] ?? '') };
  }
  if (value['type'] === 'opponentGone') {
    return {
      type: 'opponentGone',
      gone: value['gone'] === true,
      ...(typeof value['claimWinInSeconds'] === 'number' ? { claimWinInSeconds: value['claimWinInSeconds'] } : {}),
    };
  }
  return { type: 'other', raw };
}
