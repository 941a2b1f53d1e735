import { DataverseClient } from '@dua/dataverse-client';

interface Entry {
  expiresAt: number;
  codes: Promise<ReadonlyMap<string, string>>;
}

/**
 * ISO 4217 codes of an environment's currencies (`transactioncurrencies`), one request per environment per TTL, so
 * money fields carry their currency without a request per row.
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/transactioncurrency
 */
export class CurrencyDirectory {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs: number) {}

  codes(client: DataverseClient): Promise<ReadonlyMap<string, string>> {
    const key = client.webApiUrl;
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.codes;
    const codes = this.fetch(client);
    this.entries.set(key, { expiresAt: Date.now() + this.ttlMs, codes });
    codes.catch(() => {
      if (this.entries.get(key)?.codes === codes) this.entries.delete(key);
    });
    return codes;
  }

  private async fetch(client: DataverseClient): Promise<ReadonlyMap<string, string>> {
    const codes = new Map<string, string>();
    for await (const page of client.pages<{ transactioncurrencyid: string; isocurrencycode: string | null }>('transactioncurrencies', {
      select: ['transactioncurrencyid', 'isocurrencycode'],
    })) {
      for (const row of page.rows) if (row.isocurrencycode) codes.set(row.transactioncurrencyid, row.isocurrencycode);
    }
    return codes;
  }
}
