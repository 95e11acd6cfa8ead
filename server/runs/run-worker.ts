// The worker side of server runs (run-manager.ts): one task per thread, either loading an inline
// scenario (validated and built exactly as `xunfang validate` and `run` do) or running one
// simulation. It reports to the thread that started it with RunReport messages. Loaded by
// run-worker.mjs.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SimResult } from '../../sim/des/result.ts';
import { runSimulation, RunSetupError, type RunInput } from '../../sim/des/run.ts';
import { loadScenario, ScenarioError } from '../scenario/load-scenario.ts';
import { simInput } from '../scenario/sim-input.ts';

export type RunTask = { kind: 'load'; doc: unknown } | { kind: 'run'; input: RunInput; seed: number; days: number; sampleEverySeconds?: number };

/** Why something was refused or failed: the field it names (when there is one) and the reason. */
export interface RunProblem {
  field?: string;
  reason: string;
}

/** The KPIs a run list shows (the full set is in the result). */
export interface HeadlineKpis {
  incidents: number;
  responseS: { mean: number | null; p90: number | null };
  withinS: Record<string, number | null>;
  queuedFraction: number | null;
  utilization: number;
  coverage: { road: Record<string, number | null> };
}

export type RunReport =
  | { kind: 'loaded'; input: RunInput }
  | { kind: 'invalid'; problems: Required<RunProblem>[] }
  | { kind: 'progress'; fraction: number }
  | { kind: 'done'; resultJson: string; kpis: HeadlineKpis }
  | { kind: 'failed'; error: RunProblem };

export function headlineKpis(r: SimResult): HeadlineKpis {
  const k = r.kpis;
  return {
    incidents: k.incidents,
    responseS: { mean: k.responseS.mean, p90: k.responseS.p90 },
    withinS: k.withinS,
    queuedFraction: k.queuedFraction,
    utilization: k.utilization,
    coverage: { road: k.coverage.road },
  };
}

/** A problem of an inline scenario as a request field: `units[0].kind` → `body.scenario.units[0].kind`. */
export const scenarioField = (p: string): string => (p ? `body.scenario.${p}` : 'body.scenario');

/**
 * Loads an inline scenario through the same loader as the command line, from a private temporary
 * directory (removed before reporting: the thread is ended once it has reported).
 */
async function load(doc: unknown, post: (r: RunReport) => void): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xunfang-run-'));
  let report: RunReport;
  try {
    const file = path.join(dir, 'scenario.json');
    await writeFile(file, JSON.stringify(doc));
    report = { kind: 'loaded', input: simInput(await loadScenario(file)) };
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    report = { kind: 'invalid', problems: err.problems.map((p) => ({ field: scenarioField(p.path), reason: p.reason })) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  post(report);
}

/**
 * One run, as `xunfang run` makes it: the result is the same object, serialised the same way.
 * Coverage is measured in this thread only (the server keeps its other core).
 */
function run(task: Extract<RunTask, { kind: 'run' }>, post: (r: RunReport) => void): void {
  let reported = -1;
  try {
    const { result } = runSimulation(task.input, {
      seed: task.seed,
      days: task.days,
      ...(task.sampleEverySeconds !== undefined ? { sampleEverySeconds: task.sampleEverySeconds } : {}),
      coverageThreads: 0,
      onProgress: (f) => {
        const p = Math.floor(f * 100) / 100; // whole percents: at most 101 messages
        if (p > reported) post({ kind: 'progress', fraction: (reported = p) });
      },
    });
    post({ kind: 'done', resultJson: JSON.stringify(result), kpis: headlineKpis(result) });
  } catch (err) {
    if (!(err instanceof RunSetupError)) throw err;
    post({ kind: 'failed', error: { field: err.field, reason: err.reason } });
  }
}

export async function doTask(task: RunTask, post: (r: RunReport) => void): Promise<void> {
  if (task.kind === 'load') await load(task.doc, post);
  else run(task, post);
}
