// `npx xunfang <command>`: the command-line front door. Each command lives in its own module;
// this file wires flags and turns known errors into one clear message and a non-zero exit.

import { Command, CommanderError } from 'commander';
import { formatProblems } from '../../sim/scenario/validate-scenario.ts';
import { UsageError } from './options.ts';
import type { RunFlags } from './run.ts';
import type { ServeFlags } from './serve.ts';

interface ProblemLike {
  file?: string;
  path?: string;
  /** a row of a CSV file (call lists) */
  row?: number;
  field?: string;
  reason?: string;
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const problems = (err as Error & { problems?: ProblemLike[] }).problems;
    if (Array.isArray(problems) && problems.length > 0) {
      const file = (err as Error & { file?: string }).file;
      const lines = problems.map((p) =>
        p.row !== undefined
          ? `  ${file ?? p.file ?? ''} row ${p.row}: ${p.field ?? ''}: ${p.reason}`
          : `  ${[p.file, p.path].filter(Boolean).join(': ')}: ${p.reason}`,
      );
      const hint = problems.some((p) => p.row !== undefined) ? '\n(fix the rows, or pass --skip-bad-rows to leave them out)' : '';
      return `${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${lines.join('\n')}${hint}`;
    }
    return err.message;
  }
  return String(err);
}

/** Runs a command body; known failures print `xunfang <cmd>: error: …` and exit non-zero. */
function action<A extends unknown[]>(name: string, body: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (err) {
      process.stderr.write(`xunfang ${name}: error: ${describeError(err)}\n`);
      if (process.env.XUNFANG_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    }
  };
}

export function buildProgram(): Command {
  const program = new Command('xunfang')
    .description('Xunfang (巡防): police dispatch and patrol-coverage simulator — 1/3/5-minute response rings over the road network')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('demo')
    .argument('[scenario]', 'scenario directory or file (default: the embedded city)')
    .description('build the city and print its 1/3/5-minute rings from every police station, peak and off-peak')
    .option('--out <dir>', 'also write the rings as GeoJSON files into this directory')
    .action(action('demo', async (scenario: string | undefined, opts: { out?: string }) => {
      const { demoCommand } = await import('./demo.ts');
      await demoCommand(scenario, opts);
    }));

  program
    .command('serve')
    .argument('[scenario]', 'scenario directory or file (default: the embedded city)')
    .description('the live server: unit positions (JSON batches and the OsmAnd/Traccar protocol), units, live rings and coverage, incidents')
    .option('--port <port>', 'port to listen on (0 = any free port)', '8080')
    .option('--host <host>', 'address to bind (default 127.0.0.1; 0.0.0.0 for every interface)', '127.0.0.1')
    .option('--data <dir>', 'data directory: the database of incidents, unit statuses and positions', 'xunfang-data')
    .option('--osmand-speed <unit>', 'unit of the OsmAnd speed parameter: knots, kmh or mps', 'knots')
    .option('--stale-after <seconds>', 'a unit with no fix for this long is stale', '120')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (info logs every request)', 'warn')
    .option('--demo', 'run the demo feed (default on the embedded city): the simulator as live units and callers')
    .option('--no-demo', 'no demo feed: only real devices and dispatchers (for real deployments)')
    .option('--demo-speed <x>', 'simulated seconds per second of the demo feed (1 = real time)', '1')
    .option('--demo-seed <n>', 'seed of the demo feed (calls and units)', '1')
    .action(action('serve', async (scenario: string | undefined, opts: ServeFlags) => {
      const { serveCommand } = await import('./serve.ts');
      await serveCommand(scenario, opts);
    }));

  program
    .command('validate')
    .argument('<scenario>', 'scenario directory or scenario JSON file')
    .description('check a scenario; lists every problem (file, field, reason) and exits non-zero if any')
    .action(action('validate', async (scenario: string) => {
      const { validateCommand } = await import('./validate.ts');
      const result = await validateCommand(scenario);
      if (result.ok) {
        process.stdout.write(`${result.summary ?? 'ok'}\n`);
      } else {
        process.stderr.write(`${formatProblems(result.problems)}\n`);
        process.stderr.write(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} found\n`);
        process.exitCode = 1;
      }
    }));

  program
    .command('import-osm')
    .argument('<file>', 'OpenStreetMap data: .osm (XML) or .osm.pbf')
    .requiredOption('--out <dir>', 'scenario directory to create')
    .option('--force', 'overwrite an existing scenario in --out')
    .description("build a scenario's road network from OpenStreetMap data")
    .action(action('import-osm', async (file: string, opts: { out: string; force?: boolean }) => {
      const { importOsm } = await import('./import-osm.ts');
      const summary = await importOsm(file, opts);
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    }));

  program
    .command('export-roads')
    .argument('<scenario>', 'scenario directory or file')
    .requiredOption('--out <file>', 'GeoJSON file to write')
    .option('--at <HH:MM>', 'time of day for travel times', '12:00')
    .option('--profile <name>', 'car, ebike or foot', 'car')
    .description('write every directed road edge as a GeoJSON LineString with its travel time')
    .action(action('export-roads', async (scenario: string, opts: { out: string; at: string; profile: string }) => {
      const { exportRoadsCommand } = await import('./export-roads.ts');
      await exportRoadsCommand(scenario, opts);
    }));

  program
    .command('matrix')
    .argument('<scenario>', 'scenario directory or file')
    .requiredOption('--from <file>', 'JSON file: [[lon,lat],…] origins')
    .requiredOption('--to <file>', 'JSON file: [[lon,lat],…] destinations')
    .option('--at <HH:MM>', 'time of day', '12:00')
    .option('--profile <name>', 'car, ebike or foot', 'car')
    .option('--out <file>', 'write the result here instead of stdout')
    .description('travel-time matrix in seconds (null = unreachable)')
    .action(action('matrix', async (scenario: string, opts: { from: string; to: string; at: string; profile: string; out?: string }) => {
      const { matrixCommand } = await import('./matrix.ts');
      await matrixCommand(scenario, opts);
    }));

  program
    .command('isochrone')
    .argument('<scenario>', 'scenario directory or file')
    .requiredOption('--from <lon,lat>', 'origin')
    .option('--minutes <list>', 'contours in minutes', '1,3,5')
    .option('--at <HH:MM>', 'time of day', '12:00')
    .option('--profile <name>', 'car, ebike or foot', 'car')
    .option('--cell <metres>', 'grid cell size in metres (accuracy; see README)')
    .option('--out <file>', 'write the GeoJSON here instead of stdout')
    .description('response rings from one origin as GeoJSON (Valhalla/Mapbox isochrone convention)')
    .action(action('isochrone', async (scenario: string, opts: { from: string; minutes: string; at: string; profile: string; cell?: string; out?: string }) => {
      const { isochroneCommand } = await import('./isochrone.ts');
      await isochroneCommand(scenario, opts);
    }));

  program
    .command('rings')
    .argument('<scenario>', 'scenario directory or file')
    .requiredOption('--units <file>', 'JSON file: [{"id","lon","lat","profile"?,"available"?}] or [[lon,lat],…]')
    .option('--minutes <list>', 'contours in minutes', '1,3,5')
    .option('--at <HH:MM>', 'time of day', '12:00')
    .option('--cell <metres>', 'grid cell size in metres')
    .option('--out <file>', 'write the GeoJSON here instead of stdout')
    .description('merged response rings of many units (each with its own profile)')
    .action(action('rings', async (scenario: string, opts: { units: string; minutes: string; at: string; cell?: string; out?: string }) => {
      const { ringsCommand } = await import('./rings.ts');
      await ringsCommand(scenario, opts);
    }));

  program
    .command('run')
    .argument('[scenario]', 'scenario directory or file (default: the embedded city)')
    .option('--seed <n>', 'random seed (printed; the same seed gives the same result)', '1')
    .option('--days <d>', 'days to simulate', '1')
    .option('--out <file>', 'result JSON', 'result.json')
    .option('--report <file>', 'also write an HTML report with charts')
    .option('--lang <zh|en>', 'language of the report', 'zh')
    .option('--sample-every <seconds>', 'coverage and patrol sampling interval (0 = off)', '60')
    .option('--quiet', 'no progress bar')
    .description('simulate the scenario with its incident model; prints a KPI table and writes result.json')
    .action(action('run', async (scenario: string | undefined, opts: RunFlags) => {
      const { runCommand } = await import('./run.ts');
      await runCommand(scenario, opts);
    }));

  program
    .command('replay')
    .argument('[scenario]', 'scenario directory or file with incidents.list (the column mapping)')
    .option('--calls <file.csv>', 'the call list (default: incidents.list.file of the scenario)')
    .option('--skip-bad-rows', 'skip rows with bad timestamps or coordinates instead of stopping (each is reported)')
    .option('--seed <n>', 'random seed for values the list leaves out (on-scene times)', '1')
    .option('--days <d>', 'days to simulate (default: until the last call is done)')
    .option('--out <file>', 'result JSON', 'result.json')
    .option('--report <file>', 'also write an HTML report with charts')
    .option('--lang <zh|en>', 'language of the report', 'zh')
    .option('--sample-every <seconds>', 'coverage and patrol sampling interval (0 = off)', '60')
    .option('--quiet', 'no progress bar')
    .description('run a historic call list (CSV) through the same engine')
    .action(action('replay', async (scenario: string | undefined, opts: RunFlags & { calls?: string; skipBadRows?: boolean }) => {
      const { replayCommand } = await import('./run.ts');
      await replayCommand(scenario, opts);
    }));

  program
    .command('compare')
    .argument('<scenarioA>', 'the current plan')
    .argument('<scenarioB>', 'the what-if plan')
    .option('--seeds <k>', 'runs per scenario', '10')
    .option('--days <d>', 'days per run', '1')
    .option('--out <file>', 'write the comparison as JSON')
    .option('--sample-every <seconds>', 'coverage and patrol sampling interval (0 = off)', '60')
    .option('--quiet', 'no progress bar')
    .description('what-if comparison over K seeds: KPI means, 95% confidence intervals and significant differences')
    .action(action('compare', async (a: string, b: string, opts: { seeds?: string; days?: string; out?: string; sampleEvery?: string; quiet?: boolean }) => {
      const { compareCommand } = await import('./compare.ts');
      await compareCommand(a, b, opts);
    }));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; usage mistakes exit 2 (commander has already printed them)
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    throw err;
  }
}
