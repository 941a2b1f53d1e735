import { RpcClient } from '@dua/service-kit';
import { AccountStatusAck, AccountStatusChangedEvent, AuthEvents } from '@dua/unified-models';
import { BusAccountStatusEvents } from './account-status-events';

type BroadcastOptions = { expected?: (answers: AccountStatusAck[]) => boolean };

/** The bus as auth-service sees it: who answers each roll call, and what a revocation waited for. */
class ScriptedBus {
  readonly waitedFor: BroadcastOptions['expected'][] = [];
  private readonly rollCalls: string[][];
  constructor(rollCalls: string[][]) {
    this.rollCalls = [...rollCalls];
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  async broadcast(subject: string, _event: unknown, options: BroadcastOptions): Promise<AccountStatusAck[]> {
    if (subject === AuthEvents.rollCall) return acksOf(this.rollCalls.shift() ?? []);
    this.waitedFor.push(options.expected);
    return acksOf(['crm-1', 'crm-2']);
  }
}

const acksOf = (instances: string[]): AccountStatusAck[] => instances.map((instance) => ({ service: 'crm-service', instance }) as AccountStatusAck);
const revoked = { integrated_account_id: 'acc-1', status: 'disconnected' } as AccountStatusChangedEvent;

describe('whom a revocation waits for', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function afterRollCalls(rollCalls: string[][]): Promise<ScriptedBus> {
    const bus = new ScriptedBus(rollCalls);
    const events = new BusAccountStatusEvents(bus as unknown as RpcClient);
    await events.onModuleInit(); // the first roll call
    await jest.advanceTimersByTimeAsync(1_000 * (rollCalls.length - 1)); // the other roll calls, one a second
    await events.announce(revoked);
    await events.onApplicationShutdown();
    return bus;
  }

  it('still waits for a replica that was too busy to answer the last roll call', async () => {
    const bus = await afterRollCalls([['crm-1', 'crm-2'], ['crm-1']]);
    const waitedFor = bus.waitedFor[0]!;
    expect(waitedFor(acksOf(['crm-1']))).toBe(false);
    expect(waitedFor(acksOf(['crm-1', 'crm-2']))).toBe(true);
  });

  it('stops waiting for a replica absent from five roll calls in a row', async () => {
    const bus = await afterRollCalls([['crm-1', 'crm-2'], ['crm-1'], ['crm-1'], ['crm-1'], ['crm-1'], ['crm-1']]);
    expect(bus.waitedFor[0]!(acksOf(['crm-1']))).toBe(true);
  });
});
