import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSanming, formatJson } from './make-sanming.ts';

interface Geo {
  type: string;
  coordinates: unknown;
}
interface Scenario {
  stations: { id: string; lon: number; lat: number }[];
  patrolZones: { id: string; geometry: Geo }[];
  patrolLines: { id: string; geometry: Geo }[];
  patrolPoints: { id: string; geometry: Geo }[];
}

describe('scenarios/sanming', () => {
  const { scenario, city } = buildSanming();
  const s = scenario as Scenario;
  const { lon, lat } = city.input;
  // Road node positions rounded as the script writes them.
  const key = (x: number, y: number) => `${Math.round(x * 1e7)},${Math.round(y * 1e7)}`;
  const nodeAt = new Map<string, number>();
  for (let i = 0; i < lon.length; i++) nodeAt.set(key(lon[i], lat[i]), i);

  it('is up to date with the generator (rerun `npx tsx scripts/make-sanming.ts`)', () => {
    const file = readFileSync(new URL('../scenarios/sanming/scenario.json', import.meta.url), 'utf8');
    expect(formatJson(scenario) + '\n').toBe(file);
  });

  it('puts stations and patrol points on road nodes', () => {
    for (const st of s.stations) expect(nodeAt.has(key(st.lon, st.lat)), st.id).toBe(true);
    for (const p of s.patrolPoints) {
      const [x, y] = p.geometry.coordinates as [number, number];
      expect(nodeAt.has(key(x, y)), p.id).toBe(true);
    }
    expect(s.stations).toHaveLength(8);
    expect(s.patrolPoints.length).toBeGreaterThanOrEqual(10);
    expect(s.patrolPoints.length).toBeLessThanOrEqual(16);
  });

  it('draws patrol lines as closed loops along road segments', () => {
    const segs = new Set<string>();
    for (const w of city.input.ways) {
      for (let k = 1; k < w.nodes.length; k++) {
        segs.add(`${w.nodes[k - 1]}-${w.nodes[k]}`);
        segs.add(`${w.nodes[k]}-${w.nodes[k - 1]}`);
      }
    }
    for (const l of s.patrolLines) {
      const coords = l.geometry.coordinates as [number, number][];
      const nodes = coords.map(([x, y]) => nodeAt.get(key(x, y)));
      expect(nodes.every((n) => n !== undefined), l.id).toBe(true);
      let off = 0;
      for (let k = 1; k < nodes.length; k++) if (!segs.has(`${nodes[k - 1]}-${nodes[k]}`)) off++;
      expect(off, l.id).toBe(0);
      expect(coords[0]).toEqual(coords[coords.length - 1]);
    }
  });

  it('has closed counter-clockwise zone rings', () => {
    expect(s.patrolZones.length).toBeGreaterThanOrEqual(6);
    expect(s.patrolZones.length).toBeLessThanOrEqual(10);
    for (const z of s.patrolZones) {
      const ring = (z.geometry.coordinates as [number, number][][])[0];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      let area = 0;
      for (let k = 1; k < ring.length; k++) area += ring[k - 1][0] * ring[k][1] - ring[k][0] * ring[k - 1][1];
      expect(area, z.id).toBeGreaterThan(0);
    }
  });
});
