// `npm run bench [-- --seed N] [--quick] [--year] [--large] [--no-load]`: the performance figures
// of the routing, rings and simulation engines and of the live server, each beside the target the
// project set for it, with graphology measured side by side. --quick skips the year and
// large-city runs unless asked; --no-load skips the live server's load figures (about 35 s;
// `node bin/run-ts.js bench/load-bench.ts` runs them alone). Medians; the seed makes every run
// see the same cities and points.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LngLat, Seconds } from '../shared/units.ts';
import { generateCity } from '../sim/build/city-generator.ts';
import { roadInputFromOsmFile } from '../sim/build/osm-import.ts';
import { buildRoadGraph } from '../sim/graph/build-graph.ts';
import { DEFAULT_PROFILES } from '../sim/graph/profiles.ts';
import type { RoadGraph } from '../sim/graph/road-graph.ts';
import { FREE_FLOW } from '../sim/graph/time-of-day.ts';
import { createRandom, type Random } from '../sim/random.ts';
import { buildRings } from '../sim/rings/index.ts';
import { contractForRouter, matrixWithCh } from '../sim/routing/ch/ch-router.ts';
import { createRouter } from '../sim/routing/context.ts';
import type { Router } from '../sim/routing/router.ts';
import type { SnappedPoint } from '../sim/routing/snap.ts';
import { loadScenario, resolveScenarioPath } from '../server/scenario/load-scenario.ts';
import { formatTable, measure, median, withTarget, type Measurement } from './harness.ts';
import { liveBench } from './live-bench.ts';
import { loadBench } from './load-bench.ts';
import { largeCity, speedNote, timeRun, type SimBench } from './sim-bench.ts';
import { simInput } from '../server/scenario/sim-input.ts';
import { graphologyFrom, graphologyMultiSource } from './peer-graphology.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const seed = Number(flag('--seed') ?? 42);
if (!Number.isInteger(seed)) {
  console.error(`--seed: must be an integer, got "${flag('--seed')}"`);
  process.exit(2);
}
const quick = args.includes('--quick');
const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const monacoPath = flag('--monaco') ?? path.resolve(repoRoot, '../shared/data/monaco.osm.pbf');
const NOON = (12 * 3600) as Seconds;

function randomSnaps(router: Router, rnd: Random, count: number): SnappedPoint[] {
  const g = router.graph;
  const out: SnappedPoint[] = [];
  // Points near random road nodes, so every one snaps; the node ids come from the seeded stream.
  while (out.length < count) {
    const u = rnd.int(0, g.nodeCount - 1);
    const p: LngLat = [g.lon[u] + rnd.uniform(-3e-4, 3e-4), g.lat[u] + rnd.uniform(-3e-4, 3e-4)];
    try {
      out.push(router.snap(p));
    } catch {
      // a node of a profile-less road: draw again
    }
  }
  return out;
}

function noonRouter(graph: RoadGraph): Router {
  return createRouter({ graph, profiles: DEFAULT_PROFILES, timeOfDay: FREE_FLOW }, 'car', NOON);
}

async function main(): Promise<void> {
  console.log(`xunfang bench — seed ${seed}${quick ? ' (quick)' : ''}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  const rows: Measurement[] = [];
  const notes: string[] = [];

  // Default city: build from its files (generation + graph), as `serve` and every command do.
  const scenarioDir = resolveScenarioPath('sanming');
  const builds: number[] = [];
  for (let i = 0; i < (quick ? 2 : 5); i++) {
    const t0 = performance.now();
    await loadScenario(scenarioDir);
    builds.push(performance.now() - t0);
  }
  const build: Measurement = {
    name: 'default city: build graph from scenario files',
    medianMs: median(builds),
    p90Ms: Math.max(...builds),
    runs: builds.length,
  };
  const city = await loadScenario(scenarioDir);
  rows.push(withTarget(build, 1000, `${city.graph.nodeCount} nodes`));
  // The live server's load figures first, while this process holds little else: its heap (and
  // so the server's garbage collection) is then what a server's is, not the 100k-node cities'.
  const load = args.includes('--no-load') ? null : await loadBench(city, seed, { quick });
  notes.push(`default city: ${city.graph.nodeCount.toLocaleString('en-US')} nodes, ${city.graph.edgeCount.toLocaleString('en-US')} directed edges`);

  // 100k-node generated city for the multi-source figures.
  const big = buildRoadGraph(generateCity({ seed, targetNodes: 100_000 }).input);
  notes.push(`generated city: ${big.nodeCount.toLocaleString('en-US')} nodes, ${big.edgeCount.toLocaleString('en-US')} directed edges (seed ${seed})`);
  const bigRouter = noonRouter(big);
  const rnd = createRandom(seed);
  const sources500 = randomSnaps(bigRouter, rnd, 500);
  const label = measure('multi-source labelling, 500 sources, 100k-node city', () => void bigRouter.label(sources500), { runs: quick ? 5 : 15 });
  rows.push(withTarget(label, 40));

  const peer = graphologyFrom(big, bigRouter.costs.edgeSeconds);
  const sourceNodes = sources500.map((s) => big.edgeTo[s.edge]);
  const gl = measure('same with graphology (super-source Dijkstra)', () => void graphologyMultiSource(peer, sourceNodes), { runs: quick ? 1 : 3, warmup: 1 });
  const ratio = gl.medianMs / label.medianMs;
  rows.push({ ...gl, target: 'ours ≥ 10× faster', ok: ratio >= 10, note: `ratio ${ratio.toFixed(0)}×` });
  notes.push(`graphology / ours = ${ratio.toFixed(1)}× (graphology's singleSource also builds a path per node; that is its API)`);

  // Rings from one origin on the default city.
  const cityRouter = createRouter(
    { graph: city.graph, profiles: city.profiles, timeOfDay: city.timeOfDay, snapMaxMeters: city.scenario.snapMaxMeters },
    'car',
    NOON,
  );
  const origins = randomSnaps(cityRouter, createRandom(seed + 1), 40);
  const ring = measure('1/3/5-min rings, one origin, default city', (i) => void buildRings(cityRouter, [origins[(i + 40) % 40]], [1, 3, 5]), {
    runs: quick ? 10 : 40,
    warmup: 5,
  });
  rows.push(withTarget(ring, 15, 'Valhalla publishes ~80 ms'));

  // Merged rings of 500 origins on the 100k city, labelling included.
  let mergedCell = 0;
  const merged = measure(
    'merged 1/3/5-min rings, 500 origins, 100k-node city',
    () => {
      mergedCell = buildRings(bigRouter, sources500, [1, 3, 5]).cellMeters;
    },
    { runs: quick ? 5 : 15 },
  );
  rows.push(withTarget(merged, 60, `grid cell ${mergedCell.toFixed(0)} m (maxCells default)`));

  // 100×100 matrix on the default city: contraction hierarchy query, plain Dijkstra rows beside it.
  const pts = randomSnaps(cityRouter, createRandom(seed + 2), 200);
  const from = pts.slice(0, 100), to = pts.slice(100);
  const ch = contractForRouter(cityRouter);
  const prep = measure('  contraction hierarchy preprocessing (once per profile and hour)', () => void contractForRouter(cityRouter), {
    runs: quick ? 1 : 3,
    warmup: 0,
  });
  const chq = measure('100×100 matrix, default city (CH many-to-many)', () => void matrixWithCh(cityRouter, ch, from, to), { runs: quick ? 5 : 15 });
  rows.push(withTarget(chq, 150));
  rows.push({ ...prep, note: 'reported, not a target' });
  const dj = measure('  same with one Dijkstra per row', () => void cityRouter.matrix(from, to), { runs: quick ? 1 : 3, warmup: 1 });
  rows.push({ ...dj, note: 'reference' });

  // Import of the Monaco extract, if present beside the checkout (it is not shipped).
  if (existsSync(monacoPath)) {
    const bytes = readFileSync(monacoPath);
    const imp = measure('import monaco.osm.pbf (parse + build graph)', () => void buildRoadGraph(roadInputFromOsmFile(bytes, 'monaco.osm.pbf').input), {
      runs: quick ? 3 : 7,
      warmup: 1,
    });
    rows.push(withTarget(imp, 3000));
  } else {
    notes.push(`monaco.osm.pbf not found at ${path.relative(repoRoot, monacoPath)} (pass --monaco FILE): import not measured`);
  }

  // Live server, in process: ring refresh with 1,000 units, incident recommendation.
  rows.push(...liveBench(city, seed, quick ? 20 : 40));

  // Live server over loopback (measured first, below): reports in one by one and in batches,
  // frames out to 50 clients.
  if (load) {
    rows.push(...load.rows);
    notes.push(...load.notes);
  } else notes.push('live-server load figures skipped (--no-load)');

  // Simulation: a day and a year of the default city, and a large city's day.
  const input = simInput(city);
  const days: SimBench[] = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) days.push(timeRun(input, seed, 1, 60));
  const dayMs = median(days.map((d) => d.wallMs));
  rows.push(withTarget({ name: 'simulate 1 day, default city, coverage every minute', medianMs: dayMs, p90Ms: Math.max(...days.map((d) => d.wallMs)), runs: days.length }, 3000, speedNote(days[0], dayMs)));
  if (!quick) {
    // The same day with no helper thread: what one core does alone.
    const alone = [0, 1, 2].map(() => timeRun(input, seed, 1, 60, 0).wallMs);
    notes.push(`1 day of the default city in one thread (no helper): median ${Math.round(median(alone))} ms`);
  }
  if (!quick || args.includes('--year')) {
    const years = Array.from({ length: quick ? 1 : 3 }, () => timeRun(input, seed, 365, 900));
    const yearMs = median(years.map((y) => y.wallMs));
    rows.push(withTarget({ name: 'simulate 1 year, default city, coverage every 15 min', medianMs: yearMs, p90Ms: Math.max(...years.map((y) => y.wallMs)), runs: years.length }, 60_000, speedNote(years[0], yearMs)));
  } else notes.push('year run skipped in --quick mode (add --year)');
  if (!quick || args.includes('--large')) {
    const big = largeCity(seed);
    const larges = Array.from({ length: quick ? 1 : 3 }, () => timeRun(big, seed, 1, 900));
    const largeMs = median(larges.map((l) => l.wallMs));
    rows.push(withTarget({ name: `large city day: ${big.graph.nodeCount.toLocaleString('en-US')}-node city, 1,500 units, coverage every 15 min`, medianMs: largeMs, p90Ms: Math.max(...larges.map((l) => l.wallMs)), runs: larges.length }, 30_000, speedNote(larges[0], largeMs)));
  } else notes.push('large-city day skipped in --quick mode (add --large)');

  console.log(`\n${formatTable(rows)}\n`);
  for (const n of notes) console.log(`- ${n}`);
  const missed = rows.filter((r) => r.ok === false).map((r) => r.name.trim());
  console.log(missed.length ? `\nmissed targets: ${missed.join('; ')}` : '\nall targets met');
}

await main();
