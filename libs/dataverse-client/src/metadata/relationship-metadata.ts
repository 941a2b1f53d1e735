import type { DataverseClient } from '../client/dataverse-client';
import { bind, unbind } from '../odata/bind';
import { stringLiteral } from '../odata/odata-literal';

interface RawRelationship {
  ReferencingAttribute: string;
  ReferencedEntity: string;
  ReferencingEntityNavigationPropertyName: string;
}

/**
 * How a table's lookups are written: the single-valued navigation property of each (lookup, target) pair, which
 * `<navigation>@odata.bind` must name exactly (a custom lookup's is its case-sensitive SchemaName, a polymorphic one
 * has one per target), and the entity set of each target. Read from the org's metadata, never guessed.
 */
export class LookupNavigations {
  private readonly byLookup = new Map<string, Map<string, string>>();

  constructor(
    readonly entity: string,
    relationships: readonly RawRelationship[],
    private readonly entitySets: ReadonlyMap<string, string>,
  ) {
    for (const relationship of relationships) {
      const targets = this.byLookup.get(relationship.ReferencingAttribute) ?? new Map<string, string>();
      if (!targets.has(relationship.ReferencedEntity)) targets.set(relationship.ReferencedEntity, relationship.ReferencingEntityNavigationPropertyName);
      this.byLookup.set(relationship.ReferencingAttribute, targets);
    }
  }

  /**
   * The navigation property that binds `lookup` to a row of `target`, if the org has that relationship. An owner
   * lookup has one relationship to the abstract `owner` table, whose navigation property binds users and teams alike.
   */
  navigationProperty(lookup: string, target: string): string | undefined {
    const targets = this.byLookup.get(lookup);
    return targets?.get(target) ?? targets?.get('owner');
  }

  entitySetOf(entity: string): string | undefined {
    return this.entitySets.get(entity);
  }

  /** The `@odata.bind` member that points `lookup` at `target(id)`, or clears it (`id` null); undefined when the org lacks it. */
  bindingOf(lookup: string, target: string, id: string | null): Record<string, string | null> | undefined {
    const targets = this.byLookup.get(lookup);
    if (id === null) {
      // Binding null on any one navigation property of the lookup clears the whole column.
      const navigation = this.navigationProperty(lookup, target) ?? targets?.values().next().value;
      return navigation ? unbind(navigation) : undefined;
    }
    const navigation = this.navigationProperty(lookup, target);
    const entitySet = this.entitySets.get(target);
    return navigation && entitySet ? bind(navigation, entitySet, id) : undefined;
  }
}

/**
 * A table's many-to-one relationships and the entity sets of every table (one request each; metadata is never paged).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api#retrieve-relationships
 */
export async function fetchLookupNavigations(client: DataverseClient, entity: string): Promise<LookupNavigations> {
  const [relationships, entities] = await Promise.all([
    client.request<{ value: RawRelationship[] }>('GET', `EntityDefinitions(LogicalName=${stringLiteral(entity)})/ManyToOneRelationships`, {
      query: '?$select=ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName',
      annotations: false,
    }),
    client.request<{ value: { LogicalName: string; EntitySetName: string | null }[] }>('GET', 'EntityDefinitions', {
      query: '?$select=LogicalName,EntitySetName',
      annotations: false,
    }),
  ]);
  const entitySets = new Map<string, string>();
  for (const definition of entities.body.value) if (definition.EntitySetName) entitySets.set(definition.LogicalName, definition.EntitySetName);
  return new LookupNavigations(entity, relationships.body.value, entitySets);
}
