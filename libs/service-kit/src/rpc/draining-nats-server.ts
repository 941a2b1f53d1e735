import { Logger } from '@nestjs/common';
import { NatsContext, OutgoingResponse, ServerNats } from '@nestjs/microservices';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { setTimeout as sleep } from 'node:timers/promises';
import { keepaliveFrame, RPC_KEEPALIVE_INTERVAL_MS } from './rpc-framing';
import { FramedReplyNatsServer } from './framed-reply-nats-server';

type NatsServerOptions = ConstructorParameters<typeof ServerNats>[0];

/** A request this replica holds: its keepalives run until its reply is sent. */
class HeldRequest {
  private readonly keepalive: NodeJS.Timeout;
  replying = false;

  constructor(
    message: Msg,
    private readonly release: () => void,
  ) {
    // Built when the first keepalive is due, not per request: most requests are answered before it.
    let frame: ReturnType<typeof keepaliveFrame> | undefined;
    this.keepalive = setInterval(() => {
      try {
        frame ??= keepaliveFrame();
        message.respond(frame.data, { headers: frame.headers });
      } catch {
        // The connection is closing: the caller's silence bound takes over.
      }
    }, RPC_KEEPALIVE_INTERVAL_MS);
  }

  end(): void {
    clearInterval(this.keepalive);
    this.release();
  }
}

export interface DrainReport {
  /** Requests still held when the drain began. */
  held: number;
  /** Of those, the ones still unanswered when the grace ran out (their callers see the replica go silent). */
  abandoned: number;
  durationMs: number;
}

/**
 * Nest's NATS transport answering in bounded frames (FramedReplyNatsServer), plus what a replica owes its callers (see rpc-framing): a keepalive on the reply subject of
 * every request it holds, so a caller can tell a dead replica from a slow one; and a graceful close. Nest's own
 * close unsubscribes and waits a fixed time; this one drains: it leaves its queue groups (NATS hands new requests
 * to the other replicas at once), answers what it already holds for up to `graceMs`, then flushes and closes.
 */
export class DrainingNatsServer extends FramedReplyNatsServer {
  private readonly drainLogger = new Logger('Drain');
  private readonly held = new Map<Msg, HeldRequest>();
  private readonly queueSubscriptions: Subscription[] = [];
  /** The route of each subject this server subscribes to, worked out once (see `getRouteFromPattern`). */
  private readonly routesOfSubscribedSubjects = new Map<string, string>();
  private connection?: NatsConnection;
  private drained?: Promise<DrainReport>;

  constructor(
    private readonly natsOptions: NatsServerOptions & { queue?: string },
    private readonly graceMs: number,
  ) {
    super(natsOptions);
  }

  override bindEvents(client: NatsConnection): void {
    this.connection = client;
    for (const [channel, handler] of this.messageHandlers) {
      this.routesOfSubscribedSubjects.set(channel, super.getRouteFromPattern(channel));
      const queue = (handler.extras?.queue as string | undefined) ?? this.natsOptions.queue;
      this.queueSubscriptions.push(client.subscribe(channel, { queue, callback: this.getMessageHandler(channel).bind(this) }));
    }
  }

  /**
   * Nest looks up a message's handler by its subject on every message, starting with `JSON.parse(subject)` (a
   * pattern may be an object), which throws for our dotted subjects: an exception per message, ~12 µs. The subjects
   * a message can arrive on are the ones subscribed to in `bindEvents`, so their routes are worked out there once; any
   * other pattern takes Nest's way.
   */
  override getRouteFromPattern(pattern: string): string {
    return this.routesOfSubscribedSubjects.get(pattern) ?? super.getRouteFromPattern(pattern);
  }

  override async handleMessage(channel: string, message: Msg): Promise<unknown> {
    // Tracked from the first synchronous step, drain or not: a message that arrived before the server took our
    // unsubscription is still ours to answer, and the drain waits for it.
    if (!message.reply) return super.handleMessage(channel, message);
    const request = new HeldRequest(message, () => this.held.delete(message));
    this.held.set(message, request);
    try {
      return await super.handleMessage(channel, message);
    } finally {
      // An event (no reply wanted) or a failure before any reply: nothing more will be sent.
      if (!request.replying) request.end();
    }
  }

  override getPublisher(message: Msg, id: string, context: NatsContext): (response: Omit<OutgoingResponse, 'id'>) => unknown {
    const publish = super.getPublisher(message, id, context);
    const request = this.held.get(message);
    if (!request) return publish;
    request.replying = true;
    return (response) => {
      // Nest marks the last packet of a reply `isDisposed`; keepalives stop before it goes, so it is the last message.
      if (response.isDisposed) request.end();
      return publish(response);
    };
  }

  override async close(): Promise<void> {
    await this.drain();
    await super.close();
  }

  /** Stops taking requests, answers the held ones (for up to the grace), then closes the connection. Idempotent. */
  drain(): Promise<DrainReport> {
    this.drained ??= this.drainOnce();
    return this.drained;
  }

  private async drainOnce(): Promise<DrainReport> {
    const started = Date.now();
    const deadline = started + this.graceMs;
    const connection = this.connection;
    if (!connection || connection.isClosed()) return { held: 0, abandoned: 0, durationMs: 0 };
    // Leaving the queue groups first: messages already on their way to this replica are still handled (a drained
    // subscription processes what it received before the server took the unsubscription).
    await withinDeadline(Promise.all(this.queueSubscriptions.map((subscription) => subscription.drain())), deadline);
    const held = this.held.size;
    this.drainLogger.log(`Left the queue groups; answering ${held} held request(s) within ${this.graceMs} ms`);
    while (this.held.size > 0 && Date.now() < deadline) await sleep(Math.min(20, deadline - Date.now()));
    const abandoned = this.held.size;
    for (const request of [...this.held.values()]) request.end();
    await withinDeadline(connection.drain(), Date.now() + 2_000).catch(() => undefined);
    const report = { held, abandoned, durationMs: Date.now() - started };
    this.drainLogger.log(`Drained in ${report.durationMs} ms: ${held - abandoned} held request(s) answered, ${abandoned} abandoned`);
    return report;
  }
}

/** `work`, or nothing once `deadline` (epoch ms) passed. */
async function withinDeadline<T>(work: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
