// `xunfang matrix`: seconds from every origin to every destination, {"seconds": [[…]]}.

import { contractForRouter, matrixWithCh } from '../../sim/routing/ch/ch-router.ts';
import { loadScenarioArg, scenarioRouter } from '../scenario/scenario-routing.ts';
import { checkPositions, parseAt, parseProfile } from './options.ts';
import { readJsonFile, roundSeconds, writeOutput } from './output.ts';

const CH_MIN_ROWS = 200;

export async function matrixCommand(
  scenarioArg: string,
  opts: { from: string; to: string; at?: string; profile?: string; out?: string },
): Promise<void> {
  const profile = parseProfile(opts.profile);
  const at = parseAt(opts.at);
  const from = checkPositions(await readJsonFile(opts.from, '--from'), '--from');
  const to = checkPositions(await readJsonFile(opts.to, '--to'), '--to');
  const loaded = await loadScenarioArg(scenarioArg);
  const router = scenarioRouter(loaded, profile, at);
  const sources = from.map((p, i) => router.snap(p, `--from[${i}]`));
  const targets = to.map((p, i) => router.snap(p, `--to[${i}]`));
  // One Dijkstra per row is cheaper until the rows outnumber what contracting the graph costs
  // (about 200 full searches on the default city; see README, bench figures).
  const rows =
    sources.length > CH_MIN_ROWS && targets.length > CH_MIN_ROWS
      ? matrixWithCh(router, contractForRouter(router), sources, targets)
      : router.matrix(sources, targets);
  const seconds = rows.map((row) => Array.from(row, roundSeconds));
  await writeOutput(opts.out, JSON.stringify({ seconds }));
}
