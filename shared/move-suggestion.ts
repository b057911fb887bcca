/**
 * "Did you mean …": find the one legal move that is closest to what a player typed. Pure string work over the
 * server's list of legal moves; it never decides legality.
 */
import { moveKey } from './move-input.js';

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

/**
 * The single legal move closest to `input`, or null when none is close or two are equally close.
 * A move is close when its SAN or UCI is within two edits of the input (compared by shared/move-input.ts's `moveKey`),
 * or when it is the only legal move to the square the input ends with.
 */
export function suggestMove(input: string, candidates: readonly MoveCandidate[]): MoveCandidate | null {
  const typed = moveKey(input);
  if (typed.length === 0 || candidates.length === 0) return null;

  let bestDistance = Number.POSITIVE_INFINITY;
  let closest: MoveCandidate[] = [];
  for (const candidate of candidates) {
    const forms = [candidate.uci, ...(candidate.san ? [candidate.san] : [])].map(moveKey);
    const distance = Math.min(...forms.map((form) => editDistance(typed, form)));
    if (distance < bestDistance) {
      bestDistance = distance;
      closest = [candidate];
    } else if (distance === bestDistance) {
      closest.push(candidate);
    }
  }
  if (closest.length > 1) {
    // Break a tie by the piece the player named: "Nf4" means a knight move (Nf3), not the pawn move f4.
    const piece = /^[KQRBNkqrn]/u.exec(input.trim())?.[0]?.toUpperCase();
    const samePiece = piece ? closest.filter((candidate) => candidate.san?.startsWith(piece)) : [];
    if (samePiece.length === 1) closest = samePiece;
  }
  if (closest.length === 1 && bestDistance <= 2 && bestDistance < typed.length) return closest[0]!;

  const target = /([a-h][1-8])[qrbn]?$/u.exec(typed)?.[1];
  if (target) {
    const toTarget = candidates.filter((candidate) => candidate.uci.slice(2, 4) === target);
    if (toTarget.length === 1) return toTarget[0]!;
  }
  return null;
}
