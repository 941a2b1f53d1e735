/**
 * `Prefer: odata.include-annotations="…"`: a comma-separated list of annotation names, `*` wildcards allowed,
 * `-` to exclude. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#prefer-headers
 */
export const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
export const LOOKUP_LOGICAL_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';
export const ASSOCIATED_NAV = 'Microsoft.Dynamics.CRM.associatednavigationproperty';
export const TOTAL_RECORD_COUNT = 'Microsoft.Dynamics.CRM.totalrecordcount';
export const TOTAL_RECORD_COUNT_LIMIT = 'Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded';
export const GLOBAL_METADATA_VERSION = 'Microsoft.Dynamics.CRM.globalmetadataversion';

export interface AnnotationSelection {
  formatted: boolean;
  lookupLogicalName: boolean;
  associatedNav: boolean;
  totalRecordCount: boolean;
  globalMetadataVersion: boolean;
}

export const NO_ANNOTATIONS: AnnotationSelection = {
  formatted: false,
  lookupLogicalName: false,
  associatedNav: false,
  totalRecordCount: false,
  globalMetadataVersion: false,
};

export function annotationSelection(patterns: string[]): AnnotationSelection {
  const include = patterns.filter((p) => !p.startsWith('-'));
  const exclude = patterns.filter((p) => p.startsWith('-')).map((p) => p.slice(1));
  const matches = (list: string[], name: string) =>
    list.some((p) => p === name || (p.endsWith('*') && name.startsWith(p.slice(0, -1))));
  const on = (name: string) => matches(include, name) && !matches(exclude, name);
  return {
    formatted: on(FORMATTED),
    lookupLogicalName: on(LOOKUP_LOGICAL_NAME),
    associatedNav: on(ASSOCIATED_NAV),
    totalRecordCount: on(TOTAL_RECORD_COUNT),
    globalMetadataVersion: on(GLOBAL_METADATA_VERSION),
  };
}
