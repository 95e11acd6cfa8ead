// `xunfang serve`: the live server on a scenario (default: the embedded city), listening on
// 127.0.0.1 unless told otherwise.

import path from 'node:path';
import { buildServer } from '../app.ts';
import { SPEED_UNITS, type SpeedUnit } from '../ingest/osmand.ts';
import { createLiveCity } from '../live/live-city.ts';
import { loadScenarioArg } from '../scenario/scenario-routing.ts';
import { parsePort, UsageError } from './options.ts';

export interface ServeFlags {
  port?: string;
  /** data directory (database); default ./xunfang-data */
  data?: string;
  host?: string;
  osmandSpeed?: string;
  staleAfter?: string;
  logLevel?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export async function serveCommand(scenarioArg: string | undefined, flags: ServeFlags): Promise<{ url: string; close: () => Promise<void> }> {
  const port = parsePort(flags.port);
  const host = flags.host ?? '127.0.0.1';
  const speed = flags.osmandSpeed ?? 'knots';
  if (!(SPEED_UNITS as readonly string[]).includes(speed)) throw new UsageError('--osmand-speed', `must be one of ${SPEED_UNITS.join(', ')}, got "${speed}"`);
  const staleS = Number(flags.staleAfter ?? '120');
  if (!(staleS > 0 && Number.isFinite(staleS))) throw new UsageError('--stale-after', `must be a number of seconds > 0, got "${flags.staleAfter}"`);
  const level = flags.logLevel ?? 'info';
  if (!LOG_LEVELS.includes(level)) throw new UsageError('--log-level', `must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  const scenario = await loadScenarioArg(scenarioArg);
  const city = createLiveCity(scenario, { staleAfterMs: staleS * 1000 });
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
      ? `  first start: an admin token was created (shown once here, kept in ${tokenFile}):\n    ${app.firstAdminToken}\n  API docs: ${address}/docs\n  try: curl -H "Authorization: Bearer ${app.firstAdminToken}" ${address}/api/units\n`
      : `  admin token: in ${tokenFile} (first start), or one made with POST /api/tokens\n`,
  );
  const close = () => app.close();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void close().then(() => process.exit(0)));
  return { url: address, close };
}
