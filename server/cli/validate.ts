// `xunfang validate <scenario>`: loads a scenario the way `serve` would and reports either every
// problem or a short summary. Prints nothing itself; the CLI wiring prints and sets the exit code.

import { PROFILES } from '../../shared/roads.ts';
import type { Problem } from '../../shared/scenario-schema.ts';
import { loadScenario, resolveScenarioPath, ScenarioError, type LoadedScenario } from '../scenario/load-scenario.ts';

export interface ValidateResult {
  ok: boolean;
  problems: Problem[];
  summary?: string;
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A few lines on what was loaded, for people checking that the scenario is the one they meant. */
export function scenarioSummary(s: LoadedScenario): string {
  const { scenario, graph } = s;
  const dropped = PROFILES.map((p) => {
    const d = graph.dropped[p];
    return d.components === 0 ? `${p} none` : `${p} ${count(d.components, 'part')} (${count(d.nodes, 'node')}, ${count(d.edges, 'edge')})`;
  }).join('; ');
  return [
    `${scenario.name}: ${scenario.title.zh} / ${scenario.title.en} (${s.roadSource} roads, built in ${Math.round(s.buildMs)} ms)`,
    `graph: ${count(graph.nodeCount, 'node')}, ${count(graph.edgeCount, 'directed edge')}`,
    `dropped disconnected parts: ${dropped}`,
    `${count(s.stations.length, 'station')}, ${count(s.patrolZones.length, 'patrol zone')}, ` +
      `${count(s.patrolLines.length, 'patrol line')}, ${count(s.patrolPoints.length, 'patrol point')}, ` +
      `${count(s.closures.length, 'closure')}`,
  ].join('\n');
}

export async function validateCommand(scenarioArg: string): Promise<ValidateResult> {
  try {
    const loaded = await loadScenario(resolveScenarioPath(scenarioArg));
    return { ok: true, problems: [], summary: scenarioSummary(loaded) };
  } catch (err) {
    if (err instanceof ScenarioError) return { ok: false, problems: err.problems };
    throw err;
  }
}
