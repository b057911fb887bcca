/** AccountStore kept in this process only (tests, `--data :memory:`). */
import type { Account, AccountSeat, AccountStore } from './account-store.js';

export class MemoryAccountStore implements AccountStore {
  private readonly accounts = new Map<string, Account>();
  private readonly tokens = new Map<string, string>();
  /** gameId -> seats and whether the game finished. */
  private readonly seats = new Map<string, { seats: AccountSeat[]; finished: boolean }>();

  async create(account: Account, tokenHash: string): Promise<boolean> {
    if (this.accounts.has(account.id)) return false;
    this.accounts.set(account.id, account);
    this.tokens.set(tokenHash, account.id);
    return true;
  }

  async addToken(accountId: string, tokenHash: string): Promise<boolean> {
    if (!this.accounts.has(accountId)) return false;
    this.tokens.set(tokenHash, accountId);
    return true;
  }

  async revokeTokens(accountId: string): Promise<number> {
    let count = 0;
    for (const [hash, owner] of this.tokens) {
      if (owner !== accountId) continue;
      this.tokens.delete(hash);
      count++;
    }
    return count;
  }

  async byId(accountId: string): Promise<Account | undefined> {
    return this.accounts.get(accountId);
  }

  async byTokenHash(tokenHash: string): Promise<Account | undefined> {
    const id = this.tokens.get(tokenHash);
    return id === undefined ? undefined : this.accounts.get(id);
  }

  async list(): Promise<(Account & { tokens: number })[]> {
    const counts = new Map<string, number>();
    for (const owner of this.tokens.values()) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    return [...this.accounts.values()]
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((account) => ({ ...account, tokens: counts.get(account.id) ?? 0 }));
  }

  async addSeat(seat: AccountSeat): Promise<void> {
    const entry = this.seats.get(seat.gameId) ?? { seats: [], finished: false };
    entry.seats = [...entry.seats.filter((held) => held.color !== seat.color), seat];
    this.seats.set(seat.gameId, entry);
  }

  async seatsOf(gameId: string): Promise<AccountSeat[]> {
    return this.seats.get(gameId)?.seats ?? [];
  }

  async openSeats(accountId?: string): Promise<AccountSeat[]> {
    const open: AccountSeat[] = [];
    for (const entry of this.seats.values()) {
      if (entry.finished) continue;
      open.push(...entry.seats.filter((seat) => accountId === undefined || seat.accountId === accountId));
    }
    return open;
  }

  async markFinished(gameId: string): Promise<void> {
    const entry = this.seats.get(gameId);
    if (entry) entry.finished = true;
  }

  async close(): Promise<void> {}
}
