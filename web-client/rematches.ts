/**
 * Which game is the rematch of which: the first player to ask creates it, the second joins it. Kept in memory
 * (a rematch is offered right after a game; after a restart players simply start a new one) and bounded, oldest
 * first out.
 */
export class RematchBook {
  private readonly next = new Map<string, string>();

  constructor(private readonly capacity = 1000) {}

  /** The rematch of `gameId`, if one was created. */
  get(gameId: string): string | undefined {
    return this.next.get(gameId);
  }

  /** Record `rematchId` as the rematch of `gameId`. */
  set(gameId: string, rematchId: string): void {
    this.next.delete(gameId);
    this.next.set(gameId, rematchId);
    while (this.next.size > this.capacity) {
      const oldest = this.next.keys().next().value;
      if (oldest === undefined) break;
      this.next.delete(oldest);
    }
  }
}
