// Turns the ways and nodes an OSM reader found into a RoadInput. Readers feed it road ways
// first (their tags decide whether they are kept), then the coordinates of the nodes those ways
// need; nodes are numbered in order of first use, so the result does not depend on the order
// of elements in the file (XML and PBF of the same data give the same RoadInput).

import type { RoadClass } from '../../shared/roads.ts';
import type { RoadInput, RoadWay } from '../graph/road-input.ts';
import { classifyHighway, wayAttributesFromTags, type OsmTags, type WayAttributes } from './osm-tags.ts';

/** What an OSM import kept and left out. */
export interface OsmImportStats {
  /** ways imported as roads */
  ways: number;
  /** distinct OSM nodes used by those ways */
  nodes: number;
  /** ways tagged `highway=*` that were not imported */
  skipped: number;
  /** why they were skipped, e.g. {"highway=construction": 2, "no access": 1} */
  skippedReasons: Record<string, number>;
  /** node references of imported ways whose node is not in the file (dropped from the way) */
  missingNodes: number;
  waysByClass: Partial<Record<RoadClass, number>>;
  /** the first few problems worth telling the user about */
  warnings: string[];
}

export interface OsmRoads {
  input: RoadInput;
  /** OSM way id of each RoadInput way */
  wayIds: number[];
  stats: OsmImportStats;
}

const MAX_WARNINGS = 20;

interface PendingWay {
  id: number;
  refs: number[];
  attrs: WayAttributes;
}

export class OsmRoadCollector {
  private readonly ways: PendingWay[] = [];
  private readonly needed = new Set<number>();
  /** OSM node id → index into lon/lat below */
  private readonly found = new Map<number, number>();
  private readonly lon: number[] = [];
  private readonly lat: number[] = [];
  private readonly skippedReasons: Record<string, number> = {};
  private skipped = 0;

  /** Offers a way; road ways are kept and their nodes become needed. */
  addWay(id: number, refs: ArrayLike<number>, tags: OsmTags): void {
    const highway = tags.highway;
    if (highway === undefined) return;
    const attrs = wayAttributesFromTags(tags);
    if (attrs === null) {
      const c = classifyHighway(highway);
      this.skip(c === 'unknown' ? `highway=${highway} (unknown)` : `highway=${highway}`);
      return;
    }
    if (!attrs.access.car && !attrs.access.ebike && !attrs.access.foot) {
      this.skip('no access');
      return;
    }
    const copy = Array.from(refs);
    for (const r of copy) this.needed.add(r);
    this.ways.push({ id, refs: copy, attrs });
  }

  /** True if a kept way uses this node (readers may skip the others). */
  needsNode(id: number): boolean {
    return this.needed.has(id);
  }

  /** Records a node's position; nodes no kept way uses, and repeats, are ignored. */
  addNode(id: number, lon: number, lat: number): void {
    if (!this.needed.has(id) || this.found.has(id)) return;
    this.found.set(id, this.lon.length);
    this.lon.push(lon);
    this.lat.push(lat);
  }

  finish(): OsmRoads {
    const warnings: string[] = [];
    let unlisted = 0;
    const warn = (msg: string) => {
      if (warnings.length < MAX_WARNINGS) warnings.push(msg);
      else unlisted++;
    };
    // finish() may run more than once, so skips found here are counted on copies.
    const skippedReasons = { ...this.skippedReasons };
    let skipped = this.skipped;
    const outIndex = new Map<number, number>();
    const lon: number[] = [];
    const lat: number[] = [];
    const sourceId: number[] = [];
    const ways: RoadWay[] = [];
    const wayIds: number[] = [];
    const waysByClass: Partial<Record<RoadClass, number>> = {};
    let missingNodes = 0;

    for (const w of this.ways) {
      const nodes: number[] = [];
      for (const ref of w.refs) {
        const at = this.found.get(ref);
        if (at === undefined) {
          missingNodes++;
          warn(`way ${w.id} references missing node ${ref}; the node was dropped from the way`);
          continue;
        }
        let idx = outIndex.get(ref);
        if (idx === undefined) {
          idx = lon.length;
          outIndex.set(ref, idx);
          lon.push(this.lon[at]);
          lat.push(this.lat[at]);
          sourceId.push(ref);
        }
        // A repeated node (or one left next to itself by a dropped node) adds no segment.
        if (nodes.length === 0 || nodes[nodes.length - 1] !== idx) nodes.push(idx);
      }
      if (nodes.length < 2) {
        skipped++;
        skippedReasons['fewer than 2 usable nodes'] = (skippedReasons['fewer than 2 usable nodes'] ?? 0) + 1;
        warn(`way ${w.id} has fewer than 2 usable nodes and was skipped`);
        continue;
      }
      ways.push({ nodes, ...w.attrs });
      wayIds.push(w.id);
      waysByClass[w.attrs.cls] = (waysByClass[w.attrs.cls] ?? 0) + 1;
    }

    if (unlisted > 0) warnings.push(`… and ${unlisted} more warnings`);
    return {
      input: { lon: Float64Array.from(lon), lat: Float64Array.from(lat), sourceId: Float64Array.from(sourceId), ways },
      wayIds,
      stats: {
        ways: ways.length,
        nodes: lon.length,
        skipped,
        skippedReasons,
        missingNodes,
        waysByClass,
        warnings,
      },
    };
  }

  private skip(reason: string): void {
    this.skipped++;
    this.skippedReasons[reason] = (this.skippedReasons[reason] ?? 0) + 1;
  }
}
