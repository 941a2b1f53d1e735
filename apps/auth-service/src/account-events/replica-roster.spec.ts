import { ReplicaRoster } from './replica-roster';

describe('ReplicaRoster: whom a revocation waits for', () => {
  it('keeps a replica that was too busy to answer the last roll call', () => {
    const roster = new ReplicaRoster(5);
    roster.rollCall(['crm-1', 'crm-2']);
    roster.rollCall(['crm-1']);
    expect(roster.expected().sort()).toEqual(['crm-1', 'crm-2']);
  });

  it('drops a replica absent from as many roll calls in a row as it is told, and no sooner', () => {
    const roster = new ReplicaRoster(5);
    roster.rollCall(['crm-1', 'crm-2']);
    for (let call = 0; call < 4; call++) roster.rollCall(['crm-1']);
    expect(roster.expected()).toContain('crm-2');
    roster.rollCall(['crm-1']);
    expect(roster.expected()).toEqual(['crm-1']);
  });

  it('counts an answer to a revocation as being heard, and adds a replica first heard there', () => {
    const roster = new ReplicaRoster(2);
    roster.rollCall(['crm-1', 'crm-2']);
    roster.rollCall(['crm-1']);
    roster.heard(['crm-2', 'directory-1']);
    roster.rollCall(['crm-1']);
    expect(roster.expected().sort()).toEqual(['crm-1', 'crm-2', 'directory-1']);
    roster.rollCall(['crm-1']);
    expect(roster.expected()).toEqual(['crm-1']);
  });
});
