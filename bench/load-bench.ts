// Live-server load figures over loopback: position reports over HTTP one by one (OsmAnd GET and
// JSON), in batches, and the fan-out of position frames to many socket.io clients, each beside
// the live-server issue's target. The server runs here (as `serve` builds it, on 127.0.0.1:0);
// the load generator runs in a child process (load-client.ts), so the two never share an event
// loop (they do share the machine's cores). The default city gets 5,000 live units that are not
// in its scenario; rings refresh only when asked, so the figures are those of ingestion and
// fan-out alone. Seeded: the units' tracks come from the seed.
//
// `node bin/run-ts.js bench/load-bench.ts [--seed N] [--quick] [--only osmand,json,batch,fanout]
// [--rings MS]` runs it alone (--rings: with the ring refresh running every MS).

import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UnitKind } from '../shared/fleet-schema.ts';
import type { ProfileName } from '../shared/roads.ts';
import type { LngLat } from '../shared/units.ts';
import { buildSimModel } from '../sim/des/sim-model.ts';
import { projectX, projectY } from '../sim/geo/projection.ts';
import { createRandom } from '../sim/random.ts';
import { buildServer } from '../server/app.ts';
import { secondsOfDay } from '../server/live/city-clock.ts';
import type { LiveCity } from '../server/live/live-city.ts';
import { LiveUnits, type UnitInfo } from '../server/live/live-units.ts';
import { loadScenario, resolveScenarioPath, type LoadedScenario } from '../server/scenario/load-scenario.ts';
import { simInput } from '../server/scenario/sim-input.ts';
import { formatTable, median, quantile, type Measurement } from './harness.ts';
import type { Job, LoadResult } from './load-client.ts';

export const LOAD_UNITS = 5000;
const TRACK_POINTS = 64;
const CONNECTIONS = 64;
const BATCH_SIZE = 2000;
const BATCH_CONNECTIONS = 4;
const WATCHERS = 50;
const ADMIN = 'load-bench-admin';
/** Far above any load here: the default (200 a second per token) would throttle the generator. */
const NO_RATE_LIMIT = 1e9;

const KINDS: readonly (readonly [UnitKind, ProfileName])[] = [['patrol_car', 'car'], ['ebike', 'ebike'], ['foot', 'foot']];

/** The default city with `n` live units (cars, e-bikes, foot 6:2:2), on the server's real clock. */
function loadCity(scenario: LoadedScenario, n: number): LiveCity {
  const model = buildSimModel(simInput(scenario));
  const g = model.graph, zone = scenario.scenario.timezone;
  // As createLiveCity: the city's local time picks the hour's road speeds for every snap.
  const timeOfDay = () => secondsOfDay(Date.now(), zone);
  const infos: UnitInfo[] = Array.from({ length: n }, (_, i) => {
    const [kind, profile] = KINDS[i % 10 < 6 ? 0 : i % 10 < 8 ? 1 : 2];
    return { id: `B${i}`, name: `负载${i}`, kind, profile, station: '' };
  });
  const units = new LiveUnits(infos, {
    project: (lon, lat) => [projectX(g.projection, lon), projectY(g.projection, lat)],
    snap: (profile: ProfileName, at: LngLat, nearEdge: number) => model.routers.at(profile, timeOfDay()).snap(at, 'position', nearEdge),
  });
  return { scenario, model, units, timeOfDay };
}

/**
 * Per unit, a walk of `k` road nodes every profile may use (each the neighbour of the one before,
 * where the graph allows), a few metres off the node: [lon, lat] pairs, unit after unit.
 */
function tracks(city: LiveCity, n: number, k: number, seed: number): Float64Array {
  const g = city.model.graph, rnd = createRandom(seed), out = new Float64Array(n * k * 2);
  const open = (v: number) => g.nodeAccess[v] === 7;
  for (let u = 0; u < n; u++) {
    let v = rnd.int(0, g.nodeCount - 1);
    while (!open(v)) v = rnd.int(0, g.nodeCount - 1);
    for (let i = 0; i < k; i++) {
      out[(u * k + i) * 2] = g.lon[v] + rnd.uniform(-5e-5, 5e-5);
      out[(u * k + i) * 2 + 1] = g.lat[v] + rnd.uniform(-5e-5, 5e-5);
      const next: number[] = [];
      for (let e = g.firstOut[v]; e < g.firstOut[v + 1]; e++) if (open(g.edgeTo[e])) next.push(g.edgeTo[e]);
      if (next.length) v = rnd.pick(next);
    }
  }
  return out;
}

/** The load generator as a child process, one job at a time. */
class Generator {
  private readonly child: ChildProcess;

  constructor() {
    const root = fileURLToPath(new URL('../', import.meta.url));
    // No inherited flags: a --cpu-prof of the bench profiles the server, not the generator.
    this.child = fork(path.join(root, 'bin/run-ts.js'), [path.join(root, 'bench/load-client.ts')], { serialization: 'advanced', execArgv: [], stdio: 'inherit' });
  }

  run<T>(job: Job): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited (${code}) during a ${job.kind} job`));
      this.child.once('exit', onExit);
      this.child.once('message', (m: { kind: string; message?: string }) => {
        this.child.off('exit', onExit);
        if (m.kind === 'error') reject(new Error(`load generator: ${m.message}`));
        else resolve(m as T);
      });
      this.child.send(job);
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Throughput (median over whole seconds) and latency quantiles of one load job. */
function summary(r: LoadResult) {
  const lat = Array.from(r.latencies);
  return {
    rate: median(r.perSecond),
    requests: r.requests,
    p50: lat.length ? median(lat) : NaN,
    p90: lat.length ? quantile(lat, 0.9) : NaN,
    p99: lat.length ? quantile(lat, 0.99) : NaN,
    errorCount: r.errors,
    errors: r.errors ? `; ${r.errors} errors, e.g. ${r.firstError}` : '',
  };
}

export interface LoadBench {
  rows: Measurement[];
  notes: string[];
}

export type LoadPhase = 'osmand' | 'json' | 'batch' | 'fanout';
export const LOAD_PHASES: readonly LoadPhase[] = ['osmand', 'json', 'batch', 'fanout'];

export interface LoadBenchOptions {
  /** shorter spans (2 s measured instead of 4, fan-out 5 s instead of 10) */
  quick?: boolean;
  /** the phases to run (default all) */
  only?: readonly LoadPhase[];
  /** ring refresh period while loading (default 0: only when asked, as no client asks here) */
  ringsRefreshMs?: number;
}

async function single(gen: Generator, mode: 'osmand' | 'json', warmupMs: number, durationMs: number): Promise<Measurement> {
  const r = summary(await gen.run<LoadResult>({ kind: 'single', mode, connections: CONNECTIONS, warmupMs, durationMs }));
  return {
    name: `position reports one by one, ${mode === 'osmand' ? 'OsmAnd GET' : 'JSON POST'}, ${CONNECTIONS} connections`,
    medianMs: r.p50,
    p90Ms: r.p90,
    runs: r.requests,
    target: '≥ 8,000/s, p99 ≤ 20 ms',
    ok: r.rate >= 8000 && r.p99 <= 20 && r.errorCount === 0,
    note: `${fmt(r.rate)} reports/s, p99 ${fmt(r.p99, 1)} ms${r.errors}`,
  };
}

async function batches(gen: Generator, warmupMs: number, durationMs: number): Promise<Measurement> {
  const b = summary(await gen.run<LoadResult>({ kind: 'batch', batchSize: BATCH_SIZE, connections: BATCH_CONNECTIONS, warmupMs, durationMs }));
  return {
    name: `position batches, ${fmt(BATCH_SIZE)} reports a request, ${BATCH_CONNECTIONS} connections`,
    medianMs: b.p50,
    p90Ms: b.p90,
    runs: b.requests,
    target: '≥ 100,000/s',
    ok: b.rate >= 100_000 && b.errorCount === 0,
    note: `${fmt(b.rate)} positions/s${b.errors}`,
  };
}

async function fanout(gen: Generator, quick: boolean): Promise<Measurement> {
  const fo = await gen.run<LoadResult>({ kind: 'fanout', clients: WATCHERS, slices: 10, warmupMs: quick ? 2000 : 3000, durationMs: quick ? 5000 : 10_000 });
  const f = summary(fo);
  const got = fo.framesPerClient ?? [0];
  return {
    name: `position frames, ${fmt(LOAD_UNITS)} units at 1 Hz → ${WATCHERS} socket clients`,
    medianMs: f.p50,
    p90Ms: f.p90,
    runs: fo.latencies.length,
    target: '≤ 50 ms p99',
    ok: f.p99 <= 50 && f.errorCount === 0 && Math.min(...got) > 0,
    note: `p99 ${fmt(f.p99, 1)} ms; ${fmt(Math.min(...got))}–${fmt(Math.max(...got))} of ${fo.framesExpected ?? 0} frames per client${f.errors}`,
  };
}

export async function loadBench(scenario: LoadedScenario, seed: number, opts: LoadBenchOptions = {}): Promise<LoadBench> {
  const quick = opts.quick ?? false, phases = new Set(opts.only ?? LOAD_PHASES), refreshMs = opts.ringsRefreshMs ?? 0;
  const warmupMs = quick ? 500 : 1000, durationMs = quick ? 2000 : 4000;
  const city = loadCity(scenario, LOAD_UNITS);
  const app = await buildServer({ city, logger: false, adminToken: ADMIN, rateLimitPerSecond: NO_RATE_LIMIT, refreshMs });
  // The server's start-up work on the other core (its coverage thread loading and building its
  // model) is over before the load starts: the figures are those of a running server.
  for (const end = Date.now() + 15_000; !app.rings.threadReady && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
  const gen = new Generator();
  const rows: Measurement[] = [];
  try {
    const device = app.tokens.create('device', 'load bench').token;
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    await gen.run({
      kind: 'init',
      url,
      reportToken: device,
      watchToken: ADMIN,
      unitIds: city.units.all().map((u) => u.id),
      tracks: tracks(city, LOAD_UNITS, TRACK_POINTS, seed),
      trackLength: TRACK_POINTS,
    });
    for (const mode of ['osmand', 'json'] as const) if (phases.has(mode)) rows.push(await single(gen, mode, warmupMs, durationMs));
    if (phases.has('batch')) rows.push(await batches(gen, warmupMs, durationMs));
    if (phases.has('fanout')) rows.push(await fanout(gen, quick));
  } finally {
    gen.close();
    await app.close();
  }
  const notes = [
    `load: ${fmt(LOAD_UNITS)} units on the default city (seed ${seed}); generator in a child process (its own keep-alive HTTP/1.1 client, socket.io-client with one connection per client), server in this one; rate limit raised to ${fmt(NO_RATE_LIMIT)}/s per token for the load (default 200); ${refreshMs > 0 ? `rings refresh every ${refreshMs} ms` : 'rings refresh only when asked'}`,
    `load: throughput = median of whole seconds after ${fmt(warmupMs)} ms warm-up; latency seen by the generator (its event loop included); frame delay = client clock at arrival − the frame's \`at\` (server clock as it built the frame)`,
  ];
  return { rows, notes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--seed');
  const seed = i >= 0 ? Number(args[i + 1]) : 42;
  if (!Number.isInteger(seed)) throw new RangeError(`--seed: must be an integer, got "${args[i + 1]}".`);
  console.log(`xunfang load bench — seed ${seed}, node ${process.version}`);
  const j = args.indexOf('--only');
  const only = j >= 0 ? args[j + 1].split(',') : [...LOAD_PHASES];
  const bad = only.find((p) => !LOAD_PHASES.includes(p as LoadPhase));
  if (bad !== undefined) throw new RangeError(`--only: expected some of ${LOAD_PHASES.join(',')}, got "${bad}".`);
  const k = args.indexOf('--rings');
  const ringsRefreshMs = k >= 0 ? Number(args[k + 1]) : 0;
  if (!(ringsRefreshMs >= 0)) throw new RangeError(`--rings: expected a refresh period in ms, got "${args[k + 1]}".`);
  const { rows, notes } = await loadBench(await loadScenario(resolveScenarioPath('sanming')), seed, { quick: args.includes('--quick'), only: only as LoadPhase[], ringsRefreshMs });
  console.log(`\n${formatTable(rows)}\n`);
  for (const n of notes) console.log(`- ${n}`);
}
