/**
 * The bus across processes, on Redis pub/sub (`--redis URL`). Every process subscribes to one channel; every
 * committed version of every game arrives on it exactly once per process, because the store's commit script
 * publishes the version's message in the same atomic step as the change (redis-store.ts): messages of one game
 * leave Redis in commit order, and a process that dies after committing cannot leave a version unannounced.
 *
 * A process delivers its own commits at once (`publish`, called by the service after the commit) and drops their
 * echo from Redis; every delivery is deduplicated by version, so a listener sees each version once, in order.
 *
 * A message is `<id> <version> <status>\n<JSON of state and clock basis>`: taps (the service's cache check) read
 * only the first line; the JSON is parsed only for games that have listeners on this process. When the
 * subscription drops (a Redis restart, a network cut), messages sent meanwhile are lost: on reconnecting, the bus
 * tells its `onMissed` handlers which games have listeners here, and the service reads them again from the store.
 */
import type { GameState } from '../../shared/api-schema.js';
import { GAME_STATUSES, type GameStatus } from '../../shared/vocabulary.js';
import type { ClockBasis } from '../domain/chess-board.js';
import { makeSnapshot, type GameSnapshot } from '../service/game-snapshot.js';
import type { RedisClient } from '../store/redis-connection.js';
import type { GameBus, GameListener, GameVersion, VersionListener } from './game-bus.js';

export class RedisBus implements GameBus {
  private readonly listeners = new Map<string, Set<GameListener>>();
  /** The last version delivered to each game's listeners on this process. */
  private readonly delivered = new Map<string, number>();
  private readonly taps = new Set<VersionListener>();
  private readonly missedHandlers = new Set<(gameIds: readonly string[]) => void>();
  private subscribedOnce = false;
  private closed = false;

  private constructor(
    private readonly subscriber: RedisClient,
    private readonly channel: string,
  ) {}

  /** Subscribe to `channel` on `subscriber` (a client used for nothing else) and start delivering. */
  static async open(subscriber: RedisClient, channel: string): Promise<RedisBus> {
    const bus = new RedisBus(subscriber, channel);
    subscriber.on('message', (from: string, message: string) => {
      if (from === channel) bus.receive(message);
    });
    // ioredis subscribes again by itself after a reconnection; what was published meanwhile never arrives.
    subscriber.on('ready', () => {
      if (bus.subscribedOnce && !bus.closed) bus.reportMissed();
    });
    await subscriber.subscribe(channel);
    bus.subscribedOnce = true;
    return bus;
  }

  announcementOf(snapshot: GameSnapshot, basis: ClockBasis | null): string {
    const { id, version, status } = snapshot.state;
    return `${id} ${version} ${status}\n${JSON.stringify({ state: snapshot.state, basis })}`;
  }

  publish(snapshot: GameSnapshot): void {
    this.deliver(snapshot.state, () => snapshot);
  }

  subscribe(gameId: string, listener: GameListener): () => void {
    let set = this.listeners.get(gameId);
    if (!set) {
      set = new Set();
      this.listeners.set(gameId, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(gameId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(gameId);
        this.delivered.delete(gameId);
      }
    };
  }

  tap(listener: VersionListener): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  onMissed(handler: (gameIds: readonly string[]) => void): () => void {
    this.missedHandlers.add(handler);
    return () => this.missedHandlers.delete(handler);
  }

  listenerCount(gameId: string): number {
    return this.listeners.get(gameId)?.size ?? 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.delivered.clear();
    this.taps.clear();
    this.missedHandlers.clear();
    try {
      await this.subscriber.unsubscribe(this.channel);
    } catch {
      // closing anyway
    }
  }

  // ---- internals ----

  private receive(message: string): void {
    if (this.closed) return;
    const newline = message.indexOf('\n');
    const [id, versionText, status] = message.slice(0, newline).split(' ');
    const version = Number(versionText);
    if (!id || !Number.isInteger(version) || !GAME_STATUSES.includes(status as GameStatus)) return;
    const head: GameVersion = { id, version, status: status as GameStatus };
    this.deliver(head, () => {
      const { state, basis } = JSON.parse(message.slice(newline + 1)) as {
        state: GameState;
        basis: ClockBasis | null;
      };
      return makeSnapshot(state, basis);
    });
  }

  /** Tell the taps, then the game's listeners (once per version, in order), building the snapshot only if needed. */
  private deliver(head: GameVersion, snapshotOf: () => GameSnapshot): void {
    for (const tap of this.taps) {
      try {
        tap(head);
      } catch {
        // a tap's fault is its own
      }
    }
    const set = this.listeners.get(head.id);
    if (!set) return;
    if (head.version <= (this.delivered.get(head.id) ?? -1)) return;
    this.delivered.set(head.id, head.version);
    let snapshot: GameSnapshot;
    try {
      snapshot = snapshotOf();
    } catch {
      // A message this process cannot read: its listeners catch up from the store at the next version's gap.
      this.delivered.delete(head.id);
      return;
    }
    for (const listener of [...set]) {
      try {
        listener(snapshot);
      } catch {
        // a subscriber's fault is its own (the change is already committed)
      }
    }
  }

  private reportMissed(): void {
    const ids = [...this.listeners.keys()];
    for (const handler of this.missedHandlers) {
      try {
        handler(ids);
      } catch {
        // a handler's fault is its own
      }
    }
  }
}
