import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RpcClient } from '@dua/service-kit';
import { AccountStatusAck, AccountStatusChangedEvent, AuthEvents } from '@dua/unified-models';
import { ReplicaRoster } from './replica-roster';

/**
 * Tells every replica of every service that an account was revoked (disconnected, or its grant is gone), and
 * returns once they have dropped what they cached for it: the API call that revoked it answers after this.
 */
export abstract class AccountStatusEvents {
  abstract announce(event: AccountStatusChangedEvent): Promise<void>;
}

/** Replicas answer together (they all hear the broadcast at once): this long without a new answer means all did. */
const QUIET_MS = 25;
/** A replica that has not answered by then is stuck (or gone); the caller is not held longer. */
const MAX_WAIT_MS = 2_000;
/**
 * How often the replicas holding grants are counted, so that a revocation knows whom to wait for. A replica started
 * since the last count is not waited for (it still drops the grants when the broadcast reaches it), so this bounds
 * that window: at 5 s, a revocation soon after the services started (auth-service counts first, before the others
 * are up) could end on the first 25 ms lull while a busy new replica had not answered yet. A count is one broadcast
 * and a few tiny answers.
 */
const ROLL_CALL_INTERVAL_MS = 1_000;
/**
 * A roll call is background work, so it waits longer for answers than a revocation does: a replica busy serving reads
 * (its event loop behind under load) still gets counted.
 */
const ROLL_CALL_QUIET_MS = 100;
/** A replica missing from this many roll calls in a row is taken as gone (see `ReplicaRoster`). */
const ROLL_CALLS_BEFORE_GONE = 5;

/**
 * `auth.events.account-status-changed` on NATS, answered by every replica that holds grants (see `AccountGrants`)
 * once it has dropped the account's. The broadcast ends when answers have stopped coming for `QUIET_MS` and every
 * replica known to hold grants has answered (so a replica whose event loop is busy is waited for), or after
 * `MAX_WAIT_MS`. The replicas are known from a roll call at start and every `ROLL_CALL_INTERVAL_MS`, and from the
 * answers to earlier broadcasts; one that has missed `ROLL_CALLS_BEFORE_GONE` roll calls in a row is expected no more.
 */
@Injectable()
export class BusAccountStatusEvents extends AccountStatusEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AccountStatusEvents');
  private readonly replicas = new ReplicaRoster(ROLL_CALLS_BEFORE_GONE);
  private rollCalls?: NodeJS.Timeout;

  constructor(private readonly rpc: RpcClient) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.rpc.connect();
    await this.callTheRoll();
    this.rollCalls = setInterval(() => void this.callTheRoll(), ROLL_CALL_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): Promise<void> {
    clearInterval(this.rollCalls);
    return this.rpc.close();
  }

  private async callTheRoll(): Promise<void> {
    try {
      const present = await this.rpc.broadcast<AccountStatusAck>(AuthEvents.rollCall, {}, { quietMs: ROLL_CALL_QUIET_MS, maxWaitMs: MAX_WAIT_MS });
      this.replicas.rollCall(instancesOf(present));
    } catch (error) {
      this.logger.warn(`Roll call failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async announce(event: AccountStatusChangedEvent): Promise<void> {
    const started = performance.now();
    const expected = this.replicas.expected();
    const acks = await this.rpc.broadcast<AccountStatusAck>(AuthEvents.accountStatusChanged, event, {
      quietMs: QUIET_MS,
      maxWaitMs: MAX_WAIT_MS,
      expected: (answers) => expected.every((id) => answers.some((ack) => ack.instance === id)),
    });
    const answered = instancesOf(acks);
    this.replicas.heard(answered);
    const missing = expected.filter((id) => !answered.includes(id)).length;
    this.logger.log(
      `Integrated account ${event.integrated_account_id} is ${event.status}: ${acks.length} replicas dropped its grants in ${Math.round(performance.now() - started)} ms` +
        (missing > 0 ? ` (${missing} expected replicas did not answer)` : ''),
    );
  }
}

function instancesOf(acks: AccountStatusAck[]): string[] {
  return acks.map((ack) => ack.instance);
}

/** For processes without the bus (the admin CLI, domain tests): no other process holds grants to tell. */
export class NoBusAccountStatusEvents extends AccountStatusEvents {
  readonly announced: AccountStatusChangedEvent[] = [];

  async announce(event: AccountStatusChangedEvent): Promise<void> {
    this.announced.push(event);
  }
}
