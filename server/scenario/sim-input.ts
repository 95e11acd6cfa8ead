// A loaded scenario as the simulator's input (sim/des/run.ts).

import type { RunInput } from '../../sim/des/run.ts';
import type { LoadedScenario } from './load-scenario.ts';
import { graphClosures } from './scenario-routing.ts';

export function simInput(s: LoadedScenario): RunInput {
  return {
    name: s.scenario.name,
    graph: s.graph,
    profiles: s.profiles,
    timeOfDay: s.timeOfDay,
    snapMaxMeters: s.scenario.snapMaxMeters,
    closures: graphClosures(s),
    stations: s.stations,
    patrolZones: s.patrolZones,
    patrolLines: s.patrolLines,
    patrolPoints: s.patrolPoints,
    units: s.scenario.units ?? [],
    ...(s.scenario.policy ? { policy: s.scenario.policy } : {}),
    ...(s.scenario.incidents ? { incidents: s.scenario.incidents } : {}),
  };
}
