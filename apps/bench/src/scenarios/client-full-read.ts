import { DynamicsWebApi } from 'dynamics-web-api';
import { closeAllPools, DataverseClient } from '@dua/dataverse-client';
import { EmulatorProcess } from '@dua/testing';
import { timed } from '../measure';
import { scenario, Scenario } from '../results';

const ORG = 'contoso';
const PAGE_SIZE = 5000;
const SELECT = ['contactid', 'fullname', 'emailaddress1', 'modifiedon'];

/**
 * `client-full-read-100k`: every contact, 5000 per page following @odata.nextLink, with our client and with
 * dynamics-web-api (a widely used Dataverse client) against the same emulator, alternating runs; best of N each.
 */
export async function clientFullRead(emulator: EmulatorProcess, contacts: number, runs = 3): Promise<Scenario[]> {
  const token = await emulator.token(ORG, { expires_in: 3600 });
  const environmentUrl = emulator.environmentUrl(ORG);
  const ours = new DataverseClient({ environmentUrl, userKey: 'bench', tokens: { getToken: async () => token, refresh: async () => token } });
  const theirs = new DynamicsWebApi({ serverUrl: `${environmentUrl}/`, dataApi: { version: '9.2' }, onTokenRefresh: async () => token });

  const readOurs = async () => {
    let rows = 0;
    for await (const page of ours.pages(CONTACT_SET, { select: SELECT }, PAGE_SIZE)) rows += page.rows.length;
    return rows;
  };
  const readTheirs = async () => (await theirs.retrieveAll({ collection: CONTACT_SET, select: SELECT, maxPageSize: PAGE_SIZE })).value.length;

  await readOurs(); // warm both paths (connections, JIT)
  await readTheirs();
  const oursMs: number[] = [];
  const theirsMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const a = await timed(readOurs);
    const b = await timed(readTheirs);
    if (a.result !== contacts || b.result !== contacts) throw new Error(`Read ${a.result} / ${b.result} rows, expected ${contacts}`);
    oursMs.push(a.ms);
    theirsMs.push(b.ms);
  }
  await closeAllPools();
  const rowsPerSecond = (ms: number) => (contacts / ms) * 1000;
  return [scenario(`client-full-read-${contacts / 1000}k`, 'rows/s', rowsPerSecond(Math.min(...oursMs)), rowsPerSecond(Math.min(...theirsMs)), 'dynamics-web-api 2.5.0', true)];
}

const CONTACT_SET = 'contacts';
