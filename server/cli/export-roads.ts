// `xunfang export-roads`: every directed road edge as a GeoJSON LineString with its travel time
// for one profile at one time of day (null where that profile may not use the edge).

import { ROAD_CLASSES } from '../../shared/roads.ts';
import { EDGE_ONEWAY } from '../../sim/graph/road-graph.ts';
import { loadScenarioArg, scenarioRouter } from '../scenario/scenario-routing.ts';
import { parseAt, parseProfile } from './options.ts';
import { roundSeconds, writeOutput } from './output.ts';

export async function exportRoadsCommand(scenarioArg: string, opts: { out: string; at?: string; profile?: string }): Promise<void> {
  const profile = parseProfile(opts.profile);
  const at = parseAt(opts.at);
  const loaded = await loadScenarioArg(scenarioArg);
  const router = scenarioRouter(loaded, profile, at);
  const g = loaded.graph;
  const w = router.costs.edgeSeconds;
  const features: string[] = [];
  for (let e = 0; e < g.edgeCount; e++) {
    const a = g.edgeFrom[e], b = g.edgeTo[e];
    const props = {
      from: a,
      to: b,
      seconds: roundSeconds(w[e]),
      meters: Math.round(g.edgeLength[e] * 10) / 10,
      class: ROAD_CLASSES[g.edgeClass[e]],
      oneway: (g.edgeFlags[e] & EDGE_ONEWAY) !== 0,
      name: g.edgeName[e] >= 0 ? g.wayNames[g.edgeName[e]] : undefined,
    };
    const coords = [
      [round6(g.lon[a]), round6(g.lat[a])],
      [round6(g.lon[b]), round6(g.lat[b])],
    ];
    features.push(JSON.stringify({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: coords } }));
  }
  const meta = { profile: router.costs.profile, at: opts.at ?? '12:00', edges: g.edgeCount };
  await writeOutput(opts.out, `{"type":"FeatureCollection","xunfang":${JSON.stringify(meta)},"features":[\n${features.join(',\n')}\n]}`);
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
