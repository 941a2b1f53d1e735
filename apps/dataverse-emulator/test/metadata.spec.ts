import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fixture, startFixture } from './support/emulator-fixture';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));

describe('metadata', () => {
  let f: Fixture;
  let cr: string;
  beforeAll(async () => {
    f = await startFixture();
    cr = f.data.customizationPrefix;
  });
  afterAll(() => f.close());

  it('returns a custom boolean attribute with every AttributeMetadata property, in order, like the sample', async () => {
    const sample = fixture('metadata-attribute-boolean-full.json');
    const res = await f.call('GET', "EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='new_isvip')/Microsoft.Dynamics.CRM.BooleanAttributeMetadata");
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(Object.keys(sample));
    expect(res.json['@odata.context']).toBe(`${f.api}$metadata#EntityDefinitions('contact')/Attributes/Microsoft.Dynamics.CRM.BooleanAttributeMetadata/$entity`);
    expect(res.json).toMatchObject({
      AttributeType: 'Boolean',
      AttributeTypeName: { Value: 'BooleanType' },
      IsCustomAttribute: true,
      LogicalName: 'new_isvip',
      SchemaName: 'new_IsVip',
      EntityLogicalName: 'contact',
      RequiredLevel: { Value: 'None', CanBeChanged: true, ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings' },
    });
    expect(res.json.DisplayName.UserLocalizedLabel).toMatchObject({ Label: 'VIP', LanguageCode: 1033 });
    expect(Object.keys(res.json.DisplayName.LocalizedLabels[0])).toEqual(Object.keys(sample.DisplayName.LocalizedLabels[0]));
  });

  it('lists attributes with their derived @odata.type, like the typed collection sample', async () => {
    const sample = fixture('metadata-attributes-collection-typed.json');
    const entity = await f.call('GET', "EntityDefinitions(LogicalName='account')?$select=MetadataId");
    const res = await f.call('GET', `EntityDefinitions(${entity.json.MetadataId})/Attributes?$select=MetadataId&$filter=LogicalName eq 'industrycode'`);
    expect(res.json['@odata.context']).toBe(`${f.api}$metadata#EntityDefinitions(${entity.json.MetadataId})/Attributes(MetadataId)`);
    expect(Object.keys(res.json.value[0])).toEqual(Object.keys(sample.value[0]));
    expect(res.json.value[0]['@odata.type']).toBe('#Microsoft.Dynamics.CRM.PicklistAttributeMetadata');
  });

  it('filters custom attributes and exposes MaxLength, Targets and RequiredLevel through cast segments', async () => {
    const custom = await f.call('GET', "EntityDefinitions(LogicalName='account')/Attributes?$select=LogicalName,SchemaName,AttributeType&$filter=IsCustomAttribute eq true");
    expect(custom.json.value.map((a: { LogicalName: string }) => a.LogicalName).sort()).toEqual(
      [`${cr}_externalref`, `${cr}_keyaccountmanagerid`, `${cr}_nextreviewdate`, 'new_isvip', 'new_lifetimevalue', 'new_preferredchannel'].sort(),
    );
    const strings = await f.call('GET', "EntityDefinitions(LogicalName='account')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength&$filter=LogicalName eq 'name'");
    expect(strings.json.value).toEqual([expect.objectContaining({ '@odata.type': '#Microsoft.Dynamics.CRM.StringAttributeMetadata', LogicalName: 'name', MaxLength: 160 })]);
    const lookup = await f.call('GET', `EntityDefinitions(LogicalName='account')/Attributes(LogicalName='${cr}_keyaccountmanagerid')/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=Targets,SchemaName`);
    expect(lookup.json).toMatchObject({ Targets: ['systemuser'], SchemaName: `${cr}_KeyAccountManagerId` });
    const required = await f.call('GET', "EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName&$filter=RequiredLevel/Value eq Microsoft.Dynamics.CRM.AttributeRequiredLevel'ApplicationRequired'");
    // As the entity reference prints them: the lookup's name columns carry its required level.
    expect(required.json.value.map((a: { LogicalName: string }) => a.LogicalName)).toEqual(['lastname', 'parentcustomeridname', 'parentcustomeridyominame']);
    const dateOnly = await f.call('GET', "EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='birthdate')/Microsoft.Dynamics.CRM.DateTimeAttributeMetadata?$select=Format,DateTimeBehavior");
    expect(dateOnly.json).toMatchObject({ Format: 'DateOnly', DateTimeBehavior: { Value: 'DateOnly' } });
  });

  it('lists a table\'s many-to-one relationships with the navigation properties @odata.bind must name', async () => {
    const res = await f.call('GET', "EntityDefinitions(LogicalName='contact')/ManyToOneRelationships?$select=ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName");
    expect(res.status).toBe(200);
    const navs = res.json.value.map((r: Record<string, string>) => `${r.ReferencingAttribute}>${r.ReferencedEntity}=${r.ReferencingEntityNavigationPropertyName}`);
    expect(navs).toEqual(expect.arrayContaining(['parentcustomerid>account=parentcustomerid_account', 'parentcustomerid>contact=parentcustomerid_contact', 'ownerid>systemuser=ownerid']));
    const custom = await f.call('GET', "EntityDefinitions(LogicalName='account')/ManyToOneRelationships?$filter=ReferencingAttribute eq '" + cr + "_keyaccountmanagerid'");
    expect(custom.json.value).toEqual([expect.objectContaining({ ReferencedEntity: 'systemuser', ReferencingEntityNavigationPropertyName: `${cr}_KeyAccountManagerId`, IsCustomRelationship: true })]);
  });

  it('expands an option set only through a cast', async () => {
    const withCast = await f.call('GET', "EntityDefinitions(LogicalName='lead')/Attributes(LogicalName='statuscode')/Microsoft.Dynamics.CRM.StatusAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options)");
    expect(withCast.json.OptionSet.Options.map((o: { Value: number; State: number }) => [o.Value, o.State])).toEqual([[1, 0], [2, 0], [3, 1], [4, 2], [5, 2], [6, 2], [7, 2]]);
    const without = await f.call('GET', "EntityDefinitions(LogicalName='lead')/Attributes(LogicalName='statuscode')?$expand=OptionSet");
    expect(without.status).toBe(400);
    const abstract = await f.call('GET', "EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.EnumAttributeMetadata");
    expect(abstract.status).toBe(404);
  });

  it('selects entity definitions, and refuses unknown properties', async () => {
    const res = await f.call('GET', "EntityDefinitions(LogicalName='contact')?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,DisplayName");
    expect(res.json).toMatchObject({ LogicalName: 'contact', EntitySetName: 'contacts', PrimaryIdAttribute: 'contactid', PrimaryNameAttribute: 'fullname' });
    expect(res.json.MetadataId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json.DisplayName.UserLocalizedLabel.Label).toBe('Contact');
    const all = await f.call('GET', "EntityDefinitions?$select=LogicalName,EntitySetName&$filter=IsActivity eq true");
    expect(all.json.value.map((e: { LogicalName: string }) => e.LogicalName).sort()).toEqual(['appointment', 'email', 'opportunityclose', 'phonecall', 'task']);
    const bad = await f.call('GET', "EntityDefinitions(LogicalName='contact')?$select=Nope");
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe("Could not find a property named 'Nope' on type 'Microsoft.Dynamics.CRM.EntityMetadata'.");
  });

  it('serves the service document with every entity set', async () => {
    const res = await f.call('GET', '');
    const names = res.json.value.map((v: { name: string }) => v.name);
    expect(names).toEqual(expect.arrayContaining(['accounts', 'contacts', 'leads', 'opportunities', 'activitypointers', 'phonecalls', 'emails', 'tasks', 'appointments', 'activityparties', 'annotations', 'systemusers', 'businessunits', 'teams', 'organizations', 'transactioncurrencies']));
  });
});
