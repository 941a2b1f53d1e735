import type { DataverseClient, RequestOptions } from '../client/dataverse-client';
import { classifyDataverseError, remoteErrorOf } from '../errors/dataverse-error';
import { fetchEntityAttributes, selectNameOf } from './attribute-metadata';
import recorded from './contact-attributes.emulator.json';

type Recording = Record<string, { status: number; body: unknown }>;

/** Replays responses recorded from the emulator, keyed by request; anything unrecorded fails the test. */
function replayingClient(recording: Recording): { client: DataverseClient; requests: string[] } {
  const requests: string[] = [];
  const client = {
    webApiUrl: 'http://emulator/orgs/contoso/api/data/v9.2/',
    request: async (method: string, path: string, options: RequestOptions = {}) => {
      const key = `${method} ${path}${typeof options.query === 'string' ? options.query : ''}`;
      requests.push(key);
      const response = recording[key];
      if (!response) throw new Error(`Not recorded: ${key}`);
      if (response.status >= 400) throw classifyDataverseError(remoteErrorOf(response.status, response.body));
      return { status: response.status, body: response.body, headers: {} };
    },
  } as unknown as DataverseClient;
  return { client, requests };
}

describe('fetchEntityAttributes', () => {
  it('reads flags, labels, option sets, lookup targets, lengths and date formats in one request per metadata type', async () => {
    const { client, requests } = replayingClient(recorded as Recording);
    const contact = await fetchEntityAttributes(client, 'contact');
    expect(requests).toHaveLength(16);
    expect(contact.byName.get('lastname')).toMatchObject({ attributeType: 'String', maxLength: 50, requiredLevel: 'ApplicationRequired', isCustom: false, displayName: 'Last Name' });
    expect(contact.byName.get('parentcustomerid')).toMatchObject({ attributeType: 'Customer', targets: ['account', 'contact'] });
    expect(contact.byName.get('birthdate')).toMatchObject({ attributeType: 'DateTime', dateFormat: 'DateOnly' });
    expect(contact.byName.get('statecode')?.options).toEqual([
      { value: 0, label: 'Active' },
      { value: 1, label: 'Inactive' },
    ]);
    expect(contact.byName.get('donotemail')?.options).toEqual([
      { value: false, label: 'Allow' },
      { value: true, label: 'Do Not Allow' },
    ]);
    expect(contact.byName.get('new_preferredchannel')).toMatchObject({ isCustom: true, options: [{ value: 100000000, label: 'Email' }, { value: 100000001, label: 'Phone' }, { value: 100000002, label: 'Text Message' }] });
  });

  it('lists the custom columns a row carries, lookups selected as _x_value', async () => {
    const { client } = replayingClient(recorded as Recording);
    const contact = await fetchEntityAttributes(client, 'contact');
    expect(contact.custom.map(selectNameOf)).toEqual(['new_preferredchannel', '_new_referredbyid_value']);
  });
});
