// The labels of units that have not moved since the last measure. A station officer at the
// station, a traffic car at its post or a foot patrol dwelling at a point has the same field of
// times from one sample to the next, and under the same hourly costs from one day to the next,
// so its bounded search is kept. A measure presets the kept fields of its unmoved units and
// searches from the moving units only; the search then stops wherever an unmoved unit is already
// as near. The labels are the same numbers as one search from all units: each is the least
// left-to-right sum over paths from any unit, whichever search found it.

import type { ChainOrigin } from './chain-reach.ts';
import { originToEnds } from './chain-reach.ts';
import type { ChainCosts } from './chain-costs.ts';
import type { ChainTopology } from './chains.ts';
import { CoreSearch } from './core-search.ts';

/** One unit's field: the core nodes it reaches within the cutoff, and their seconds. */
interface Field {
  nodes: Uint32Array;
  seconds: Float64Array;
}

/** Fields kept in all (12 bytes per labelled node); past it, unmoved units are searched again. */
const DEFAULT_BUDGET_BYTES = 64 * 1024 * 1024;

/** A place's key: slot, fraction and off-road seconds, exactly. */
export const placeKey = (o: ChainOrigin): string => `${o.slot}:${o.t}:${o.off}`;

export class StationaryFields {
  private readonly byCosts = new WeakMap<ChainCosts, Map<string, Field>>();
  private readonly scratch: CoreSearch;
  private bytes = 0;

  constructor(
    private readonly top: ChainTopology,
    bucketSeconds: number,
    private readonly budgetBytes = DEFAULT_BUDGET_BYTES,
  ) {
    this.scratch = new CoreSearch(top, bucketSeconds);
  }

  /** The field of a unit at `o` under `cc` within `cutoff`, kept; null when over budget. */
  fieldOf(o: ChainOrigin, key: string, cc: ChainCosts, cutoff: number): Field | null {
    let byPlace = this.byCosts.get(cc);
    if (!byPlace) this.byCosts.set(cc, (byPlace = new Map()));
    const got = byPlace.get(key);
    if (got) return got;
    if (this.bytes >= this.budgetBytes) return null;
    const top = this.top, search = this.scratch, c = top.slotChain[o.slot];
    search.reset(cutoff);
    const [toA, toB] = originToEnds(top, cc, o);
    search.seed(top.chainFrom[c], toA, cutoff);
    search.seed(top.chainTo[c], toB, cutoff);
    search.run(cc.arcSeconds, cutoff);
    const n = search.reachedCount;
    const field = { nodes: search.reached.slice(0, n), seconds: new Float64Array(n) };
    for (let j = 0; j < n; j++) field.seconds[j] = search.dist[field.nodes[j]];
    byPlace.set(key, field);
    this.bytes += 12 * n;
    return field;
  }
}
