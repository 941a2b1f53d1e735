import { seedOrganization } from './seed-organization';

const options = (seed: number) => ({
  name: 'contoso',
  sizes: { accounts: 20, contacts: 50, leads: 10, opportunities: 10, activities: 40, notes: 10, users: 6 },
  seed,
  anchor: new Date('2026-01-01T00:00:00Z'),
  baseUrl: 'http://127.0.0.1:1',
  redirectUris: [],
});

function snapshot(seed: number) {
  const { data, org, app } = seedOrganization(options(seed));
  const contact = data.registry.table('contact');
  const store = data.store(contact);
  return {
    users: org.users,
    app,
    contacts: store.order.map((r) => [store.ids[r], store.get(r, 'fullname'), store.get(r, 'emailaddress1'), store.get(r, 'parentcustomerid')]),
  };
}

describe('seeding', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(snapshot(1)).toEqual(snapshot(1));
    expect(snapshot(2).contacts).not.toEqual(snapshot(1).contacts);
  });

  it('seeds several business units, disabled users and an application user bound to the app registration', () => {
    const { data, org, app } = seedOrganization(options(1));
    const bus = data.store(data.registry.table('businessunit'));
    expect(bus.liveCount).toBeGreaterThanOrEqual(4);
    expect(org.users.some((u) => u.isDisabled)).toBe(true);
    const appUser = org.users.find((u) => u.isApplicationUser)!;
    expect(appUser.applicationId).toBe(app.clientId);
    expect(org.users[0].upn).toBe('admin@contoso.example');
  });

  it('links activities to parties and regarding rows that exist', () => {
    const { data } = seedOrganization(options(1));
    const parties = data.store(data.registry.table('activityparty'));
    const activities = data.store(data.registry.table('activitypointer'));
    for (const r of parties.order) {
      expect(activities.find(parties.get(r, 'activityid') as string)).toBeGreaterThanOrEqual(0);
      const target = parties.get(r, 'partyid@target') as string;
      expect(data.primaryName(target, parties.get(r, 'partyid') as string)).not.toBeNull();
    }
  });
});
