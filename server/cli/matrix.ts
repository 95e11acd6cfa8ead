// `xunfang matrix`: seconds from every origin to every destination, {"seconds": [[…]]}.

import { loadScenarioArg, scenarioRouter } from '../scenario/scenario-routing.ts';
import { checkPositions, parseAt, parseProfile } from './options.ts';
import { readJsonFile, roundSeconds, writeOutput } from './output.ts';

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
  const rows = router.matrix(sources, targets);
  const seconds = rows.map((row) => Array.from(row, roundSeconds));
  await writeOutput(opts.out, JSON.stringify({ seconds }));
}
