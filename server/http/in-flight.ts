/**
 * Counts of things held open at once (long polls), per key (a client address, a game), so that one client cannot
 * hold the server's waiting slots. `enter` refuses over the cap; `leave` gives the slot back.
 */
export class InFlight {
  private readonly counts = new Map<string, number>();

  constructor(readonly cap: number) {}

  /** Take a slot for `key`; false when it already holds `cap`. */
  enter(key: string): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.cap) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  /** Does `key` hold `cap` already? */
  isFull(key: string): boolean {
    return (this.counts.get(key) ?? 0) >= this.cap;
  }

  /** Count one more for `key` without the cap (it was checked before, with `isFull`). */
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  leave(key: string): void {
    const count = (this.counts.get(key) ?? 0) - 1;
    if (count <= 0) this.counts.delete(key);
    else this.counts.set(key, count);
  }
}
