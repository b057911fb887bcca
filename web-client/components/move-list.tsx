/**
 * The numbered move list, announced politely as moves arrive (`role=log`). The last move is marked in text
 * for screen readers and in weight for the eye, not by colour alone.
 */
import type { GameState } from '../../shared/api-schema.js';
import { moveRows } from '../game-view.js';

export function MoveList({ state }: { state: Pick<GameState, 'initialFen' | 'moves'> }) {
  const rows = moveRows(state);
  const lastIndex = state.moves.length - 1;
  let plyIndex = -1;
  const ply = (san: string | null) => {
    if (san === null) return <span className="ply empty">…</span>;
    plyIndex++;
    const isLast = plyIndex === lastIndex;
    return (
      <span className={isLast ? 'ply last' : 'ply'} {...(isLast ? { 'aria-current': 'true' as const } : {})}>
        {san}
      </span>
    );
  };
  return (
    <section className="card moves-card" aria-labelledby="moves-heading">
      <h2 id="moves-heading">Moves</h2>
      {rows.length === 0 ? (
        <p className="empty-note" role="log">
          No moves yet.
        </p>
      ) : (
        <ol className="moves" role="log" aria-label="Moves">
          {rows.map((row) => (
            <li key={row.number} value={row.number}>
              <span className="move-number">{row.number}.</span>
              {ply(row.white)}
              {row.black !== null ? ply(row.black) : <span className="ply empty" />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
