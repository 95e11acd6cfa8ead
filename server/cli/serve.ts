// `xunfang serve`: the live server on a scenario (default: the embedded city), listening on
// 127.0.0.1 unless told otherwise.

import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import { buildServer } from '../app.ts';
import { SPEED_UNITS, type SpeedUnit } from '../ingest/osmand.ts';
import { createLiveCity } from '../live/live-city.ts';
import { loadScenarioArg } from '../scenario/scenario-routing.ts';
import { DEFAULT_SCENARIO_DIR, resolveScenarioPath } from '../scenario/load-scenario.ts';
import type { DemoFeed } from '../demo/demo-feed.ts';
import { DemoClock, startDemo } from '../demo/start-demo.ts';
import { startTicker } from './live-ticker.ts';
import { parseSeed } from './run.ts';
import { parsePort, UsageError } from './options.ts';

export interface ServeFlags {
  port?: string;
  /** data directory (database); default ./xunfang-data */
  data?: string;
  host?: string;
  osmandSpeed?: string;
  staleAfter?: string;
  logLevel?: string;
  /** the console line every 10 s (default on) */
  ticker?: boolean;
  /** true / false when given; undefined = on for the embedded city only */
  demo?: boolean;
  demoSpeed?: string;
  demoSeed?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export async function serveCommand(scenarioArg: string | undefined, flags: ServeFlags): Promise<{ url: string; close: () => Promise<void>; app: FastifyInstance; feed: DemoFeed | null }> {
  const port = parsePort(flags.port);
  const host = flags.host ?? '127.0.0.1';
  const speed = flags.osmandSpeed ?? 'knots';
  if (!(SPEED_UNITS as readonly string[]).includes(speed)) throw new UsageError('--osmand-speed', `must be one of ${SPEED_UNITS.join(', ')}, got "${speed}"`);
  const staleS = Number(flags.staleAfter ?? '120');
  if (!(staleS > 0 && Number.isFinite(staleS))) throw new UsageError('--stale-after', `must be a number of seconds > 0, got "${flags.staleAfter}"`);
  const level = flags.logLevel ?? 'warn';
  if (!LOG_LEVELS.includes(level)) throw new UsageError('--log-level', `must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  const demoSpeed = Number(flags.demoSpeed ?? '1');
  if (!(demoSpeed > 0 && demoSpeed <= 3600)) throw new UsageError('--demo-speed', `must be simulated seconds per second in (0, 3600], got "${flags.demoSpeed}"`);
  const demoSeed = parseSeed(flags.demoSeed, '--demo-seed');
  const scenario = await loadScenarioArg(scenarioArg);
  const demo = flags.demo ?? resolveScenarioPath(scenarioArg) === DEFAULT_SCENARIO_DIR;
  if (demo && !scenario.scenario.incidents?.model) throw new UsageError('--demo', 'the scenario has no incident model, so the demo feed has no calls to make; run with --no-demo');
  const clock = demo ? new DemoClock(scenario.scenario.timezone) : null;
  const city = createLiveCity(scenario, { staleAfterMs: staleS * 1000, ...(clock ? { timeOfDay: clock.timeOfDay } : {}) });
  const dataDir = path.resolve(flags.data ?? 'xunfang-data');
  const app = await buildServer({ city, logger: { level }, osmandSpeedUnit: speed as SpeedUnit, dataDir });
  const address = await app.listen({ port, host });
  process.stdout.write(
    `xunfang serve: ${scenario.scenario.title.zh} / ${scenario.scenario.title.en}, ${city.units.size} units\n` +
      `  data: ${dataDir}\n` +
      `  ${address}/api/health · ${address}/api/units · POST ${address}/api/positions · OsmAnd ${address}/osmand\n`,
  );
  const tokenFile = path.join(dataDir, 'admin-token');
  process.stdout.write(
    app.firstAdminToken
      ? `  first start: an admin token was created (shown once here, kept in ${tokenFile}):\n    ${app.firstAdminToken}\n  log in: ${address}/#token=${app.firstAdminToken}\n  API docs: ${address}/docs\n  try: curl -H "Authorization: Bearer ${app.firstAdminToken}" ${address}/api/units\n`
      : `  open ${address}/ and log in with the admin token in ${tokenFile} (first start), or one made with POST /api/tokens; API docs: ${address}/docs\n`,
  );
  let feed: DemoFeed | null = null;
  const stops: (() => void)[] = [];
  if (demo) {
    const started = await startDemo(app, address.replace('0.0.0.0', '127.0.0.1'), { seed: demoSeed, speed: demoSpeed }, clock ?? undefined);
    feed = started.feed;
    stops.push(started.stop);
    process.stdout.write(`  demo feed: on (seed ${demoSeed}, ${demoSpeed}× real time): the simulator reports as the city's units and makes its calls; --no-demo turns it off\n`);
  } else process.stdout.write('  demo feed: off\n');
  if (flags.ticker !== false) stops.push(startTicker(app, feed, (line) => process.stdout.write(line)));
  const close = () => {
    for (const stop of stops) stop();
    return app.close();
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void close().then(() => process.exit(0)));
  return { url: address, close, app, feed };
}
