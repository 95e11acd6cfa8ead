import { describe, expect, it } from 'vitest';
import { createRandom } from '../../random.ts';
import { applyMask, isArterial, layoutLines, placeBridges, SEG_BRIDGE, type GridPlan } from './grid.ts';
import { resolveCityParams } from './params.ts';
import { planRing, ringMinKeep } from './ring-road.ts';
import { assignOneways, colSection, pedestrianise, reconnect, removeSegments, rowSection } from './streets.ts';

function plan(seed: number, extra: Parameters<typeof resolveCityParams>[0] = { seed }): GridPlan {
  const p = resolveCityParams({ ...extra, seed });
  const rng = createRandom(seed);
  const g = layoutLines(p, rng.fork(1));
  applyMask(g, rng.fork(2), ringMinKeep(planRing(g, p)));
  placeBridges(g, p.bridges, rng.fork(3));
  return g;
}

describe('grid layout', () => {
  it('puts arterials through the centre column and on both riverside roads', () => {
    const g = plan(1);
    expect(isArterial(g.colCls[g.ic])).toBe(true);
    expect(isArterial(g.rowCls[g.gap])).toBe(true);
    expect(isArterial(g.rowCls[g.gap - 1])).toBe(true);
    expect(g.rowOff[g.gap - 1]).toBeLessThan(-g.riverWidthM / 2);
    expect(g.rowOff[g.gap]).toBeGreaterThan(g.riverWidthM / 2);
  });

  it('keeps a contiguous run of rows from the river outwards in every column', () => {
    const g = plan(2);
    for (let i = 0; i < g.nu; i++) {
      for (let j = 0; j < g.gap - 1; j++) if (g.keep[i * g.nv + j]) expect(g.keep[i * g.nv + j + 1]).toBe(1);
      for (let j = g.gap + 1; j < g.nv; j++) if (g.keep[i * g.nv + j]) expect(g.keep[i * g.nv + j - 1]).toBe(1);
      expect(g.keep[i * g.nv + g.gap]).toBe(1);
      expect(g.keep[i * g.nv + g.gap - 1]).toBe(1);
    }
  });

  it('links the banks only by bridges on arterial columns', () => {
    const g = plan(3);
    const cols: number[] = [];
    for (let i = 0; i < g.nu; i++) {
      const s = g.vSeg[i * g.nv + g.gap - 1];
      if (s) {
        expect(s).toBe(SEG_BRIDGE);
        expect(isArterial(g.colCls[i])).toBe(true);
        cols.push(i);
      }
    }
    expect(cols).toEqual(g.bridgeCols);
    expect(cols).toHaveLength(6);
  });
});

describe('street edits', () => {
  it('removes only local segments and never leaves a node with fewer than two streets', () => {
    const g = plan(4);
    const removed = removeSegments(g, 0.2, createRandom(9));
    expect(removed.length).toBeGreaterThan(0);
    const deg = new Uint8Array(g.nu * g.nv);
    for (let a = 0; a < g.nu * g.nv; a++) {
      if (g.hSeg[a]) { deg[a]++; deg[a + g.nv]++; }
      if (g.vSeg[a]) { deg[a]++; deg[a + 1]++; }
    }
    for (let i = 0; i < g.nu; i++) {
      for (let j = 0; j < g.nv; j++) {
        const a = i * g.nv + j;
        // Arterial segments stay.
        if (i + 1 < g.nu && g.keep[a] && g.keep[a + g.nv] && isArterial(g.rowCls[j])) expect(g.hSeg[a]).toBe(1);
        if (g.keep[a] && i > 0 && i < g.nu - 1 && g.keep[a - g.nv] && g.keep[a + g.nv]) expect(deg[a]).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('makes one-way streets in opposite pairs within a section', () => {
    const g = plan(5);
    assignOneways(g, 0.3, createRandom(10));
    let oneway = 0;
    for (let i = 0; i + 1 < g.nu; i++) {
      for (let j = 0; j < g.nv; j++) {
        const d = g.hDir[i * g.nv + j];
        if (d === 0) continue;
        oneway++;
        const up = j + 1 < g.nv ? g.hDir[i * g.nv + j + 1] : 0;
        const down = j > 0 ? g.hDir[i * g.nv + j - 1] : 0;
        expect(up === -d || down === -d).toBe(true);
        expect(isArterial(g.rowCls[j])).toBe(false);
      }
    }
    expect(oneway).toBeGreaterThan(0);
    // Sections are bounded by arterial crossings.
    expect(rowSection(g, g.ic)).toBe(0);
    expect(rowSection(g, g.ic - 1)).toBe(-1);
    expect(colSection(g, g.gap)).not.toBe(colSection(g, g.gap - 2));
  });

  it('pedestrianises the sections nearest the old town and keeps them two-way', () => {
    const g = plan(6);
    assignOneways(g, 0.5, createRandom(11));
    const picks = pedestrianise(g, 3, g.ic, g.gap + 3);
    expect(picks.map((p) => p.kind)).toEqual(['row', 'row', 'col']);
    let ped = 0, foot = 0;
    for (let a = 0; a < g.nu * g.nv; a++) {
      if (g.hPed[a]) { ped++; expect(g.hDir[a]).toBe(0); }
      if (g.vPed[a]) { foot++; expect(g.vDir[a]).toBe(0); }
    }
    expect(ped).toBeGreaterThan(0);
    expect(foot).toBeGreaterThan(0);
  });

  it('reconnects parts that removals and pedestrian streets cut off from cars', () => {
    const g = plan(7, { seed: 7, lengthKm: 3, widthKm: 1.5 });
    const removed = removeSegments(g, 0.5, createRandom(12));
    pedestrianise(g, 12, g.ic, g.gap + 2);
    reconnect(g, removed);
    // Flood fill over car streets from one kept node reaches every node that has a car street.
    const n = g.nu * g.nv;
    const adj: number[][] = Array.from({ length: n }, () => []);
    for (let a = 0; a < n; a++) {
      if (g.hSeg[a] && !g.hPed[a]) { adj[a].push(a + g.nv); adj[a + g.nv].push(a); }
      if (g.vSeg[a] && !g.vPed[a]) { adj[a].push(a + 1); adj[a + 1].push(a); }
    }
    const start = adj.findIndex((x) => x.length > 0);
    const seen = new Uint8Array(n);
    const stack = [start];
    seen[start] = 1;
    while (stack.length) for (const b of adj[stack.pop()!]) if (!seen[b]) { seen[b] = 1; stack.push(b); }
    for (let a = 0; a < n; a++) if (adj[a].length) expect(seen[a]).toBe(1);
  });
});
