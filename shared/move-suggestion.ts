/**
 * "Did you mean …": find the one legal move that is closest to what a player typed. Pure string work over the
 * server's list of legal moves; it never decides legality.
 */
import { moveKey, normalizeMoveInput } from './move-input.js';

/** A legal move in both notations. SAN is optional because GameState lists legal moves in UCI only. */
export interface MoveCandidate {
  uci: string;
  san?: string;
}

/** Levenshtein distance, small strings only. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The kind of piece a move text moves, from its SAN (`N`, `B`, …; `O-O` is the king's; a file letter a pawn's). */
function pieceOfSan(san: string): string {
  if (/^O-O/u.test(san)) return 'K';
  return /^[KQRBN]/u.test(san) ? san[0]! : 'P';
}

/**
 * Which legal moves are moves of the piece the input names, so that a suggestion is never another piece's move
 * (`Bc4` must not become the pawn move `c4`). UCI input names its square: moves from that square. SAN input names
 * a kind: moves whose SAN shows that kind (candidates without SAN cannot show it, so they are left out).
 */
function samePiece(input: string, candidates: readonly MoveCandidate[]): MoveCandidate[] {
  const text = normalizeMoveInput(input) ?? '';
  const from = /^([a-h][1-8])[a-h][1-8][qrbn]?$/u.exec(text)?.[1];
  if (from) return candidates.filter((candidate) => candidate.uci.startsWith(from));
  const kind = pieceOfSan(text);
  return candidates.filter((candidate) => candidate.san !== undefined && pieceOfSan(candidate.san) === kind);
}

/**
 * The single legal move closest to `input`, or null when none is close or two are equally close. Only moves of
 * the piece the input names are considered (see `samePiece`). A move is close when its SAN or UCI is within two
 * edits of the input (compared by shared/move-input.ts's `moveKey`), or when it is that piece's only legal move
 * to the square the input ends with, or that piece's only legal move at all (`O-O` refused, the king's one move).
 */
export function suggestMove(input: string, candidates: readonly MoveCandidate[]): MoveCandidate | null {
  const typed = moveKey(input);
  if (typed.length === 0 || candidates.length === 0) return null;
  const own = samePiece(input, candidates);
  if (own.length === 0) return null;

  let bestDistance = Number.POSITIVE_INFINITY;
  let closest: MoveCandidate[] = [];
  for (const candidate of own) {
    const forms = [candidate.uci, ...(candidate.san ? [candidate.san] : [])].map(moveKey);
    const distance = Math.min(...forms.map((form) => editDistance(typed, form)));
    if (distance < bestDistance) {
      bestDistance = distance;
      closest = [candidate];
    } else if (distance === bestDistance) {
      closest.push(candidate);
    }
  }
  if (closest.length === 1 && bestDistance <= 2 && bestDistance < typed.length) return closest[0]!;

  const target = /([a-h][1-8])[qrbn]?$/u.exec(typed)?.[1];
  if (target) {
    const toTarget = own.filter((candidate) => candidate.uci.slice(2, 4) === target);
    if (toTarget.length === 1) return toTarget[0]!;
  }
  return own.length === 1 ? own[0]! : null;
}
