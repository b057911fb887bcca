/**
 * Account operations over an AccountStore, shared by `npm run account`, the admin route and the lichess layer:
 * make an account (its token shown once), give it a new token, revoke its tokens, list, and look a token up.
 */
import { fail, ok, type Result } from '../../shared/result.js';
import type { Account, AccountStore } from './account-store.js';
import { hashAccountToken, isTokenShaped, makeAccountToken, parseAccountName } from './account-tokens.js';

/** A new account or token: the token is in this value only, never stored. */
export interface IssuedToken {
  account: Account;
  token: string;
}

export class Accounts {
  constructor(
    readonly store: AccountStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Make an account (a bot account with `bot`); `color_taken`-like refusal when the name (any case) is taken. */
  async create(name: string, options: { bot: boolean }): Promise<Result<IssuedToken>> {
    const parsed = parseAccountName(name);
    if (!parsed.ok) return parsed;
    const account: Account = {
      id: parsed.value.id,
      username: parsed.value.username,
      title: options.bot ? 'BOT' : null,
      createdAt: this.now(),
    };
    const token = makeAccountToken();
    if (!(await this.store.create(account, hashAccountToken(token)))) {
      return fail('invalid_request', `The name "${name}" is taken (names are unique whatever their case).`);
    }
    return ok({ account, token });
  }

  /** Give an existing account one more token (after a revoke, say). */
  async issueToken(name: string): Promise<Result<IssuedToken>> {
    const account = await this.store.byId(name.toLowerCase());
    if (!account) return fail('not_found', `There is no account "${name}".`);
    const token = makeAccountToken();
    await this.store.addToken(account.id, hashAccountToken(token), this.now());
    return ok({ account, token });
  }

  /** Revoke every token of an account: its bots stop at their next request. */
  async revoke(name: string): Promise<Result<{ account: Account; revoked: number }>> {
    const account = await this.store.byId(name.toLowerCase());
    if (!account) return fail('not_found', `There is no account "${name}".`);
    return ok({ account, revoked: await this.store.revokeTokens(account.id) });
  }

  list(): Promise<(Account & { tokens: number })[]> {
    return this.store.list();
  }

  /** The account a token belongs to; undefined for anything else (malformed, unknown, revoked). */
  async authenticate(token: string): Promise<Account | undefined> {
    if (!isTokenShaped(token)) return undefined;
    return this.store.byTokenHash(hashAccountToken(token));
  }

  /** The account of a name (any case), or undefined. */
  byName(name: string): Promise<Account | undefined> {
    return this.store.byId(name.toLowerCase());
  }
}
