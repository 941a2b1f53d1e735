import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { Attributes } from '@opentelemetry/api';

/**
 * What a span may not carry out of the process: URL query strings (link tokens, OAuth codes and states, OData
 * filters with customer data travel there). Headers are never recorded by our instrumentation settings.
 */
export function scrubAttributes(attributes: Attributes): Attributes {
  const scrubbed: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'url.query') continue;
    scrubbed[key] = isUrlAttribute(key) && typeof value === 'string' ? withoutQuery(value) : value;
  }
  return scrubbed;
}

function isUrlAttribute(key: string): boolean {
  return key.startsWith('url.') || key.startsWith('http.');
}

export function withoutQuery(value: string): string {
  const cut = value.search(/[?#]/);
  return cut === -1 ? value : value.slice(0, cut);
}

/** Hands the exporter each span with its attributes scrubbed (the span itself is left as the SDK made it). */
export class ScrubbingSpanExporter implements SpanExporter {
  constructor(private readonly exporter: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.exporter.export(spans.map(scrubbedSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }
}

function scrubbedSpan(span: ReadableSpan): ReadableSpan {
  const view = Object.create(span) as ReadableSpan;
  Object.defineProperty(view, 'attributes', { value: scrubAttributes(span.attributes), enumerable: true });
  return view;
}
