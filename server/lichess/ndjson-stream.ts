/**
 * One NDJSON answer held open: a JSON object per line, and an empty line as keep-alive every `keepAliveMs`
 * (lichess sends one about every 6 s; lichess-bot's read timeout is 15 s). Streams register in an NdjsonStreams set
 * so that the server's shutdown ends them (otherwise close would wait for them forever).
 */
import type { FastifyReply } from 'fastify';

export class NdjsonStream {
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly reply: FastifyReply,
    keepAliveMs: number,
  ) {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'Content-Type': 'application/x-ndjson',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Access-Control-Allow-Origin': '*',
    });
    // Headers out at once: a client waiting for its first event already knows the stream is open.
    raw.flushHeaders();
    this.timer = setInterval(() => this.writeRaw('\n'), keepAliveMs);
    this.timer.unref();
    raw.on('close', () => this.finish());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Write one object as a line. */
  send(value: unknown): void {
    this.writeRaw(`${JSON.stringify(value)}\n`);
  }

  /** End the answer (the client sees the stream close). */
  end(): void {
    if (this.closed) return;
    this.reply.raw.end();
    this.finish();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  private writeRaw(text: string): void {
    if (this.closed) return;
    this.reply.raw.write(text);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

/** Every open stream of the app, to end them all at shutdown. */
export class NdjsonStreams {
  private readonly open = new Set<NdjsonStream>();

  constructor(private readonly keepAliveMs: number) {}

  start(reply: FastifyReply): NdjsonStream {
    const stream = new NdjsonStream(reply, this.keepAliveMs);
    this.open.add(stream);
    stream.onClose(() => this.open.delete(stream));
    return stream;
  }

  endAll(): void {
    for (const stream of [...this.open]) stream.end();
  }
}
