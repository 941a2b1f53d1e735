import { annotationSelection, AnnotationSelection, NO_ANNOTATIONS } from '../serialize/annotation-preference';

/**
 * The `Prefer` header: several preferences, comma-separated or in several headers.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#prefer-headers
 */
export interface Preferences {
  maxPageSize?: number;
  returnRepresentation: boolean;
  annotations: AnnotationSelection;
  /** The raw `odata.include-annotations` value, echoed in Preference-Applied. */
  annotationsRaw?: string;
  trackChanges: boolean;
}

export const MAX_PAGE_SIZE = 5000;

export function parsePrefer(header: string | undefined): Preferences {
  const prefs: Preferences = { returnRepresentation: false, annotations: NO_ANNOTATIONS, trackChanges: false };
  if (!header) return prefs;
  for (const item of splitPreferences(header)) {
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (key === 'odata.maxpagesize') {
      const n = Number(value);
      if (Number.isInteger(n) && n > 0) prefs.maxPageSize = Math.min(n, MAX_PAGE_SIZE);
    } else if (key === 'return' && value === 'representation') prefs.returnRepresentation = true;
    else if (key === 'odata.include-annotations') {
      const list = value.replace(/^"|"$/g, '');
      prefs.annotationsRaw = value;
      prefs.annotations = annotationSelection(list.split(',').map((s) => s.trim()));
    } else if (key === 'odata.track-changes') prefs.trackChanges = true;
  }
  return prefs;
}

function splitPreferences(header: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    if (header[i] === '"') quoted = !quoted;
    else if (header[i] === ',' && !quoted) {
      out.push(header.slice(start, i));
      start = i + 1;
    }
  }
  out.push(header.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}
