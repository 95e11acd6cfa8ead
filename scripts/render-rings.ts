// Renders a scenario's roads and the 1/3/5-minute rings from one origin to an SVG picture (for
// the README). Usage:
//   npx tsx scripts/render-rings.ts <scenario> --from lon,lat [--minutes 1,3,5] [--at HH:MM]
//     [--profile car] [--out file.svg] [--title text] [--attribution text] [--width 900]

import { writeFileSync } from 'node:fs';
import { ROAD_CLASSES } from '../shared/roads.ts';
import { buildRings } from '../sim/rings/index.ts';
import { parseAt, parseLngLat, parseMinutes, parseProfile } from '../server/cli/options.ts';
import { loadScenarioArg, scenarioRouter } from '../server/scenario/scenario-routing.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const scenarioArg = args[0];
const origin = parseLngLat(flag('--from'), '--from');
const minutes = parseMinutes(flag('--minutes'));
const at = parseAt(flag('--at'));
const profile = parseProfile(flag('--profile'));
const out = flag('--out') ?? 'rings.svg';
const width = Number(flag('--width') ?? 900);

const loaded = await loadScenarioArg(scenarioArg);
const g = loaded.graph;
const router = scenarioRouter(loaded, profile, at);
const rings = buildRings(router, [router.snap(origin, '--from')], minutes);

// Frame: the road network's extent in the local projection, y up.
let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
for (let u = 0; u < g.nodeCount; u++) {
  x0 = Math.min(x0, g.x[u]); x1 = Math.max(x1, g.x[u]);
  y0 = Math.min(y0, g.y[u]); y1 = Math.max(y1, g.y[u]);
}
const pad = 20;
const scale = (width - 2 * pad) / (x1 - x0);
const height = Math.ceil((y1 - y0) * scale + 2 * pad + 40);
const px = (x: number) => (pad + (x - x0) * scale).toFixed(1);
const py = (y: number) => (height - 40 - pad - (y - y0) * scale).toFixed(1);
const p = g.projection;
const lonX = (lon: number) => (lon - p.lon0) * p.mPerDegLon;
const latY = (lat: number) => (lat - p.lat0) * p.mPerDegLat;

const major = new Set(['motorway', 'trunk', 'primary', 'secondary']);
const roadPaths: Record<string, string[]> = { major: [], minor: [], path: [] };
for (let e = 0; e < g.edgeCount; e++) {
  const r = g.edgeReverse[e];
  if (r >= 0 && r < e) continue;
  const cls = ROAD_CLASSES[g.edgeClass[e]];
  const kind = major.has(cls) ? 'major' : ['footway', 'path', 'pedestrian', 'steps', 'cycleway'].includes(cls) ? 'path' : 'minor';
  const a = g.edgeFrom[e], b = g.edgeTo[e];
  roadPaths[kind].push(`M${px(g.x[a])} ${py(g.y[a])}L${px(g.x[b])} ${py(g.y[b])}`);
}

const ringPaths = rings.geojson.features.map((f) => {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const d = polys
    .flatMap((poly) => poly.map((ring) => 'M' + ring.map(([lon, lat]) => `${px(lonX(lon))} ${py(latY(lat))}`).join('L') + 'Z'))
    .join('');
  return { contour: f.properties.contour, color: f.properties.fillColor ?? '#888', d };
});

const [ox, oy] = [lonX(origin[0]), latY(origin[1])];
const title = flag('--title') ?? `${loaded.scenario.title.en}: ${minutes.join('/')}-minute rings (${profile}, ${flag('--at') ?? '12:00'})`;
const attribution = flag('--attribution') ?? loaded.scenario.attribution ?? '';
const legend = rings.stats
  .map((s, i) => `<rect x="${pad + i * 260}" y="${height - 30}" width="14" height="14" fill="${ringPaths.find((r) => r.contour === s.contour)?.color}" fill-opacity="0.5"/>` +
    `<text x="${pad + i * 260 + 20}" y="${height - 18}">${s.contour} min: ${(s.reachableRoadMeters / 1000).toFixed(1)} km road, ${s.areaKm2.toFixed(2)} km²</text>`)
  .join('');

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#f7f6f2"/>
${ringPaths.map((r) => `<path d="${r.d}" fill="${r.color}" fill-opacity="0.35" fill-rule="evenodd" stroke="${r.color}" stroke-width="1"/>`).join('\n')}
<path d="${roadPaths.path.join('')}" stroke="#b9b4a8" stroke-width="0.5" fill="none"/>
<path d="${roadPaths.minor.join('')}" stroke="#6f6a60" stroke-width="0.7" fill="none"/>
<path d="${roadPaths.major.join('')}" stroke="#30302c" stroke-width="1.4" fill="none"/>
<circle cx="${px(ox)}" cy="${py(oy)}" r="5" fill="#1f4fd1" stroke="#fff" stroke-width="2"/>
<text x="${pad}" y="${pad - 4}" font-weight="bold">${escapeXml(title)}</text>
${legend}
<text x="${width - pad}" y="${height - 4}" text-anchor="end" fill="#555">${escapeXml(attribution)}</text>
</svg>
`;
writeFileSync(out, svg);
console.log(`wrote ${out} (${rings.stats.map((s) => `${s.contour} min ${s.areaKm2.toFixed(2)} km²`).join(', ')})`);

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
