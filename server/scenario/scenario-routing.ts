// Routers for a loaded scenario: its profiles, time-of-day table and standing closures.

import type { ProfileName } from '../../shared/roads.ts';
import type { LngLat, Seconds } from '../../shared/units.ts';
import type { Closures } from '../../sim/graph/closures.ts';
import { createRouter } from '../../sim/routing/context.ts';
import type { Router } from '../../sim/routing/router.ts';
import { loadScenario, resolveScenarioPath, type LoadedScenario } from './load-scenario.ts';

/** Loads a scenario named on the command line (none / "sanming" = the embedded city). */
export function loadScenarioArg(arg: string | undefined): Promise<LoadedScenario> {
  return loadScenario(resolveScenarioPath(arg));
}

/** A scenario's standing closures as graph closures: areas as polygons, segments as matched edges. */
export function graphClosures(s: LoadedScenario): Closures {
  const polygons: LngLat[][][] = [];
  const edges: number[] = [];
  for (const c of s.closures) {
    const polygon = (c as { polygon?: { coordinates: LngLat[][] } }).polygon;
    if (polygon) polygons.push(polygon.coordinates);
    edges.push(...c.edges);
  }
  return { polygons, edges };
}

export function scenarioRouter(s: LoadedScenario, profile: ProfileName, at: Seconds, extra?: Closures): Router {
  const base = graphClosures(s);
  const closures: Closures = {
    polygons: [...(base.polygons ?? []), ...(extra?.polygons ?? [])],
    edges: [...(base.edges ?? []), ...(extra?.edges ?? [])],
  };
  return createRouter(
    { graph: s.graph, profiles: s.profiles, timeOfDay: s.timeOfDay, snapMaxMeters: s.scenario.snapMaxMeters },
    profile,
    at,
    closures,
  );
}
