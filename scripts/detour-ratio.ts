// Prints the median ratio of road distance to straight-line distance over random pairs of points
// of a scenario (a plausibility check of imported or generated networks; cities are typically
// 1.2–1.5). Usage: npx tsx scripts/detour-ratio.ts <scenario> [--pairs 400] [--seed 1] [--min-km 0.5]

import { haversineMeters } from '../sim/geo/projection.ts';
import { createRandom } from '../sim/random.ts';
import { loadScenarioArg, scenarioRouter } from '../server/scenario/scenario-routing.ts';
import type { LngLat, Seconds } from '../shared/units.ts';

const args = process.argv.slice(2);
const flag = (name: string, d: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : d;
};
const pairs = Number(flag('--pairs', '400'));
const seed = Number(flag('--seed', '1'));
const minM = Number(flag('--min-km', '0.5')) * 1000;
const loaded = await loadScenarioArg(args[0]);
const router = scenarioRouter(loaded, 'car', (12 * 3600) as Seconds);
const g = loaded.graph;
const rnd = createRandom(seed);
const ratios: number[] = [];
const speeds: number[] = [];
let tries = 0;
while (ratios.length < pairs && tries++ < pairs * 20) {
  const a = rnd.int(0, g.nodeCount - 1), b = rnd.int(0, g.nodeCount - 1);
  if ((g.nodeAccess[a] & 1) === 0 || (g.nodeAccess[b] & 1) === 0) continue;
  const pa: LngLat = [g.lon[a], g.lat[a]], pb: LngLat = [g.lon[b], g.lat[b]];
  const straight = haversineMeters(pa, pb);
  if (straight < minM) continue;
  const route = router.route(pa, pb);
  if (!route) continue;
  ratios.push(route.meters / straight);
  speeds.push((route.meters / route.seconds) * 3.6);
}
const q = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.floor(p * (xs.length - 1))];
console.log(`seed ${seed}: ${ratios.length} car routes over ${minM / 1000} km straight-line`);
console.log(`road / straight-line distance: p10 ${q(ratios, 0.1).toFixed(2)}, median ${q(ratios, 0.5).toFixed(2)}, p90 ${q(ratios, 0.9).toFixed(2)}`);
console.log(`mean route speed at 12:00: median ${q(speeds, 0.5).toFixed(1)} km/h`);
