import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const FIGURES_FILE = join(__dirname, '../../../tmp/fault-suite/figures.jsonl');

/** Prints a scenario's figures (requests sent, failed, recovery times…) and appends them to tmp/fault-suite/figures.jsonl. */
export function reportFigures(scenario: string, figures: Record<string, unknown>): void {
  const line = { scenario, at: new Date().toISOString(), ...figures };
  console.log(`[fault-suite] ${scenario}: ${JSON.stringify(figures)}`);
  mkdirSync(join(FIGURES_FILE, '..'), { recursive: true });
  appendFileSync(FIGURES_FILE, `${JSON.stringify(line)}\n`);
}
