import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** One measured comparison. `ratio` > 1 means ours is better, whatever the unit. */
export interface Scenario {
  name: string;
  unit: string;
  ours: number;
  baseline: number;
  baseline_name: string;
  ratio: number;
}

export function scenario(name: string, unit: string, ours: number, baseline: number, baselineName: string, higherIsBetter: boolean): Scenario {
  const ratio = higherIsBetter ? ours / baseline : baseline / ours;
  return { name, unit, ours: round(ours), baseline: round(baseline), baseline_name: baselineName, ratio: round(ratio, 3) };
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Writes `bench/results/latest.json` (format in DESIGN.md) and prints the same as a table. */
export function report(workspace: string, scenarios: Scenario[]): void {
  const machine = { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? 'unknown', memory: totalmem(), node: process.version };
  const directory = join(workspace, 'bench/results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'latest.json'), `${JSON.stringify({ machine, scenarios }, null, 2)}\n`);
  console.log(`\nmachine: ${machine.cpus} × ${machine.cpu_model}, ${(machine.memory / 2 ** 30).toFixed(1)} GiB, node ${machine.node}`);
  console.table(scenarios.map((s) => ({ scenario: s.name, unit: s.unit, ours: s.ours, baseline: s.baseline, 'baseline is': s.baseline_name, ratio: s.ratio })));
}
