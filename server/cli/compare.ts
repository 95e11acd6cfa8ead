// `xunfang compare`: a what-if comparison. Both scenarios run with the same K seeds; for each KPI
// the report gives each side's mean and 95% confidence interval, the difference B − A with its
// interval, Welch's t-test p-value, and marks differences significant at the 5% level.

import { writeFile } from 'node:fs/promises';
import { describeSample, welchTest, type SampleDescription, type WelchResult } from '../../sim/stats/compare.ts';
import { runSimulation } from '../../sim/des/run.ts';
import type { SimResult } from '../../sim/des/result.ts';
import { loadScenarioArg } from '../scenario/scenario-routing.ts';
import { simInput } from '../scenario/sim-input.ts';
import { UsageError } from './options.ts';
import { createProgress } from './progress.ts';
import { parseDays, parseSampleEvery } from './run.ts';

/** The KPIs compared, with how to read each from a result; `better` says which way is good. */
export const COMPARED_KPIS: { id: string; label: string; unit: 's' | '%'; better: 'lower' | 'higher'; get: (r: SimResult) => number | null }[] = [
  { id: 'responseS.mean', label: 'mean response', unit: 's', better: 'lower', get: (r) => r.kpis.responseS.mean },
  { id: 'responseS.p90', label: 'p90 response', unit: 's', better: 'lower', get: (r) => r.kpis.responseS.p90 },
  { id: 'withinS.180', label: 'reached within 3 min', unit: '%', better: 'higher', get: (r) => r.kpis.withinS['180'] },
  { id: 'withinS.300', label: 'reached within 5 min', unit: '%', better: 'higher', get: (r) => r.kpis.withinS['300'] },
  { id: 'withinTarget', label: 'within priority target', unit: '%', better: 'higher', get: (r) => r.kpis.withinTarget },
  { id: 'queuedFraction', label: 'queued fraction', unit: '%', better: 'lower', get: (r) => r.kpis.queuedFraction },
  { id: 'meanQueueWaitS', label: 'mean queue wait', unit: 's', better: 'lower', get: (r) => r.kpis.meanQueueWaitS },
  { id: 'utilization', label: 'utilisation', unit: '%', better: 'lower', get: (r) => r.kpis.utilization },
  { id: 'coverage.road.180', label: 'road within 3-min rings', unit: '%', better: 'higher', get: (r) => r.kpis.coverage.road['180'] ?? null },
  { id: 'coverage.road.300', label: 'road within 5-min rings', unit: '%', better: 'higher', get: (r) => r.kpis.coverage.road['300'] ?? null },
  { id: 'coverage.hotspots.180', label: 'hotspots within 3-min rings', unit: '%', better: 'higher', get: (r) => r.kpis.coverage.hotspots['180'] ?? null },
  { id: 'visibility', label: 'visibility', unit: '%', better: 'higher', get: (r) => r.kpis.visibility },
];

export function parseSeeds(v: string | undefined): number {
  const n = Number(v ?? '10');
  if (!Number.isInteger(n) || n < 2 || n > 1000) throw new UsageError('--seeds', `must be an integer 2–1000 (a confidence interval needs at least 2 runs), got "${v}"`);
  return n;
}

export interface KpiComparison {
  id: string;
  label: string;
  better: 'lower' | 'higher';
  a: SampleDescription;
  b: SampleDescription;
  /** B − A; null when a side has no values */
  difference: WelchResult | null;
}

export function compareResults(as: readonly SimResult[], bs: readonly SimResult[]): KpiComparison[] {
  return COMPARED_KPIS.map((k) => {
    const xa = as.map(k.get).filter((x): x is number => x !== null && Number.isFinite(x));
    const xb = bs.map(k.get).filter((x): x is number => x !== null && Number.isFinite(x));
    return {
      id: k.id,
      label: k.label,
      better: k.better,
      a: describeSample(xa),
      b: describeSample(xb),
      difference: xa.length >= 2 && xb.length >= 2 ? welchTest(xa, xb) : null,
    };
  });
}

function fmt(x: number | null, unit: 's' | '%'): string {
  if (x === null) return '–';
  return unit === '%' ? `${(100 * x).toFixed(1)}%` : `${x.toFixed(1)} s`;
}

export function comparisonTable(rows: readonly KpiComparison[], nameA: string, nameB: string, seeds: number): string {
  const unitOf = new Map(COMPARED_KPIS.map((k) => [k.id, k.unit]));
  const ci = (d: SampleDescription, u: 's' | '%') => `${fmt(d.mean, u)} [${d.ci95 ? `${fmt(d.ci95[0], u)}, ${fmt(d.ci95[1], u)}` : '–'}]`;
  const head = ['KPI', `A: ${nameA}`, `B: ${nameB}`, 'B − A [95% CI]', 'p', ''];
  const body = rows.map((r) => {
    const u = unitOf.get(r.id) ?? 's';
    const d = r.difference;
    const better = d && d.significant ? ((r.better === 'lower') === d.diff < 0 ? 'better' : 'worse') : '';
    return [
      r.label,
      ci(r.a, u),
      ci(r.b, u),
      d ? `${d.diff >= 0 ? '+' : ''}${fmt(d.diff, u)} [${fmt(d.ci95[0], u)}, ${fmt(d.ci95[1], u)}]` : '–',
      d ? d.p.toFixed(3) : '–',
      d?.significant ? `* ${better}` : '',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [
    `${seeds} seeds each; means with 95% confidence intervals; * = significant at the 5% level (Welch's t-test)`,
    line(head),
    ...body.map(line),
  ].join('\n');
}

export async function compareCommand(
  scenarioA: string,
  scenarioB: string,
  flags: { seeds?: string; days?: string; out?: string; sampleEvery?: string; quiet?: boolean },
): Promise<void> {
  const seeds = parseSeeds(flags.seeds);
  const days = parseDays(flags.days);
  const sampleEvery = parseSampleEvery(flags.sampleEvery);
  const [a, b] = [await loadScenarioArg(scenarioA), await loadScenarioArg(scenarioB)];
  const bar = flags.quiet ? null : createProgress({ total: 2 * seeds, label: `comparing over ${seeds} seeds` });
  const results: SimResult[][] = [[], []];
  let done = 0;
  // The same seeds on both sides (common random numbers: the same call days where the incident
  // models agree), so differences come from the plans rather than from luck.
  for (let s = 1; s <= seeds; s++) {
    [a, b].forEach((sc, side) => {
      results[side].push(runSimulation(simInput(sc), { seed: s, days, sampleEverySeconds: sampleEvery }).result);
      bar?.tick(++done);
    });
  }
  bar?.done();
  const rows = compareResults(results[0], results[1]);
  process.stdout.write(`${comparisonTable(rows, a.scenario.name, b.scenario.name, seeds)}\n`);
  if (flags.out) {
    const out = { a: a.scenario.name, b: b.scenario.name, seeds, days, kpis: rows };
    await writeFile(flags.out, `${JSON.stringify(out, null, 2)}\n`);
    process.stdout.write(`wrote ${flags.out}\n`);
  }
}
