// What the live server keeps of a scenario: the road graph, the units and a router per profile
// and hour (for snapping and, later, rings and ETAs), and the city's clock.

import type { ProfileName } from '../../shared/roads.ts';
import type { LngLat } from '../../shared/units.ts';
import { buildSimModel, type SimModel } from '../../sim/des/sim-model.ts';
import { projectX, projectY } from '../../sim/geo/projection.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import { simInput } from '../scenario/sim-input.ts';
import { secondsOfDay } from './city-clock.ts';
import { LiveUnits, type LiveUnitsOptions, type UnitInfo } from './live-units.ts';

export interface LiveCity {
  scenario: LoadedScenario;
  model: SimModel;
  units: LiveUnits;
  /** seconds since local midnight now */
  timeOfDay: () => number;
}

export interface LiveCityOptions extends Pick<LiveUnitsOptions, 'now' | 'staleAfterMs' | 'maxFutureMs'> {
  /** seconds since local midnight (default: the scenario's time zone at `now`); the demo feed
   *  gives its simulated time of day, which runs faster when it is sped up */
  timeOfDay?: () => number;
}

export function createLiveCity(scenario: LoadedScenario, opts: LiveCityOptions = {}): LiveCity {
  const model = buildSimModel(simInput(scenario));
  const now = opts.now ?? Date.now;
  const wallTimeOfDay = () => secondsOfDay(now(), scenario.scenario.timezone);
  try {
    wallTimeOfDay(); // an unknown time zone is a setup error, not an error on every report
  } catch (err) {
    throw new RangeError(`timezone: unknown time zone "${scenario.scenario.timezone}" (${(err as Error).message})`);
  }
  const timeOfDay = opts.timeOfDay ?? wallTimeOfDay;
  const g = model.graph;
  const info: UnitInfo[] = model.units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, profile: u.profile, station: model.stations[u.station]?.id ?? '' }));
  const units = new LiveUnits(info, {
    staleAfterMs: opts.staleAfterMs,
    maxFutureMs: opts.maxFutureMs,
    now,
    project: (lon, lat) => [projectX(g.projection, lon), projectY(g.projection, lat)],
    snap: (profile: ProfileName, at: LngLat, nearEdge: number) => model.routers.at(profile, timeOfDay()).snap(at, 'position', nearEdge),
  });
  return { scenario, model, units, timeOfDay };
}
