import { ConfigError, ConfigReader } from './config-reader';
import { readTimeoutChain, TimeoutChain, timeoutChainOf } from './timeout-chain';

/** The orderings the chain promises, whatever the gateway's timeout. */
function expectOrdered(chain: TimeoutChain): void {
  expect(chain.marginMs).toBeGreaterThan(0);
  expect(chain.serviceBudgetMs + chain.marginMs).toBe(chain.rpcTimeoutMs);
  // A service's token fetch and then its Dataverse call both end before its budget does.
  expect(chain.interServiceCallMs + chain.dataverseRetryBudgetMs).toBeLessThanOrEqual(chain.serviceBudgetMs);
  // auth-service answers a token request (which may call Entra) before the asking service stops waiting.
  expect(chain.entraCallMs).toBeLessThan(chain.interServiceCallMs);
  // One attempt leaves room for a retry within the budget.
  expect(chain.dataverseAttemptMs).toBeLessThan(chain.dataverseRetryBudgetMs);
  for (const value of Object.values(chain)) expect(Number.isInteger(value) && value > 0).toBe(true);
}

describe('timeoutChainOf', () => {
  it('nests every wait inside the default 30 s gateway timeout, with a 3 s margin', () => {
    const chain = timeoutChainOf(30_000);
    expect(chain).toEqual({
      rpcTimeoutMs: 30_000,
      marginMs: 3_000,
      serviceBudgetMs: 27_000,
      interServiceCallMs: 7_500,
      entraCallMs: 4_500,
      dataverseRetryBudgetMs: 19_500,
      dataverseAttemptMs: 13_000,
    });
    expectOrdered(chain);
  });

  it('gives an 8 s gateway (as in the fault suite) a 7.2 s service budget and a 5.2 s Dataverse budget', () => {
    expect(timeoutChainOf(8_000)).toMatchObject({ serviceBudgetMs: 7_200, interServiceCallMs: 2_000, dataverseRetryBudgetMs: 5_200 });
  });

  it.each([100, 250, 1_000, 2_500, 8_000, 15_000, 60_000, 120_000, 600_000])('keeps the order for a gateway timeout of %i ms', (rpcTimeoutMs) => {
    expectOrdered(timeoutChainOf(rpcTimeoutMs));
  });

  it('caps the margin at 3 s for long timeouts and keeps at least a tenth of short ones', () => {
    expect(timeoutChainOf(120_000).marginMs).toBe(3_000);
    expect(timeoutChainOf(8_000).marginMs).toBe(800);
    expect(timeoutChainOf(1_000).marginMs).toBe(200);
  });

  it('lets an override shorten a wait, never lengthen it', () => {
    const shorter = timeoutChainOf(30_000, { dataverseRetryBudgetMs: 4_000, dataverseAttemptMs: 1_000, entraCallMs: 2_000 });
    expect(shorter).toMatchObject({ dataverseRetryBudgetMs: 4_000, dataverseAttemptMs: 1_000, entraCallMs: 2_000 });
    const longer = timeoutChainOf(30_000, { dataverseRetryBudgetMs: 60_000, dataverseAttemptMs: 120_000, entraCallMs: 60_000 });
    expect(longer).toEqual(timeoutChainOf(30_000));
    expectOrdered(longer);
  });

  it('derives the attempt from an overridden budget, so a shorter budget still leaves room for a retry', () => {
    expect(timeoutChainOf(30_000, { dataverseRetryBudgetMs: 3_000 }).dataverseAttemptMs).toBe(2_000);
  });

  it('refuses a timeout that is not positive', () => {
    expect(() => timeoutChainOf(0)).toThrow(RangeError);
    expect(() => timeoutChainOf(Number.NaN)).toThrow(RangeError);
  });
});

describe('readTimeoutChain', () => {
  it('uses the 30 s default when RPC_TIMEOUT_MS is unset', () => {
    const reader = new ConfigReader({});
    expect(readTimeoutChain(reader)).toEqual(timeoutChainOf(30_000));
    expect(() => reader.done()).not.toThrow();
  });

  it('clamps DATAVERSE_RETRY_BUDGET_MS into the chain (a 60 s budget against a 30 s gateway becomes 19.5 s)', () => {
    const reader = new ConfigReader({ RPC_TIMEOUT_MS: '30000', DATAVERSE_RETRY_BUDGET_MS: '60000' });
    expect(readTimeoutChain(reader).dataverseRetryBudgetMs).toBe(19_500);
  });

  it('follows the gateway timeout it shares', () => {
    const reader = new ConfigReader({ RPC_TIMEOUT_MS: '8000', DATAVERSE_RETRY_BUDGET_MS: '4000', ENTRA_TIMEOUT_MS: '500' });
    expect(readTimeoutChain(reader)).toMatchObject({ rpcTimeoutMs: 8_000, dataverseRetryBudgetMs: 4_000, entraCallMs: 500 });
  });

  it('names a bad value without echoing it', () => {
    const reader = new ConfigReader({ RPC_TIMEOUT_MS: 'soon', DATAVERSE_ATTEMPT_TIMEOUT_MS: '5' });
    readTimeoutChain(reader);
    expect(() => reader.done()).toThrow(ConfigError);
    try {
      reader.done();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        `RPC_TIMEOUT_MS must be an integer between 100 and ${Number.MAX_SAFE_INTEGER}`,
        `DATAVERSE_ATTEMPT_TIMEOUT_MS must be an integer between 100 and ${Number.MAX_SAFE_INTEGER}`,
      ]);
    }
  });
});
