// The river: a centreline v = r(u) made of two seeded sines (a long bend plus a shorter meander),
// and its outline. The whole street grid is sheared by r(u), so streets along the river follow
// its bends the way valley towns do.

import type { Random } from '../../random.ts';
import { frameToLngLat, type CityFrame } from './frame.ts';

export interface Meander {
  a1: number;
  k1: number;
  p1: number;
  a2: number;
  k2: number;
  p2: number;
}

export function createMeander(rng: Random, lengthM: number, widthM: number, blockM: number): Meander {
  // Amplitudes scale with the valley width so small test cities stay sensible; wavelengths stay
  // long against a block so a straight block edge never strays far from the bent river line.
  return {
    a1: widthM * rng.uniform(0.03, 0.05),
    k1: (2 * Math.PI) / Math.max(lengthM * rng.uniform(0.5, 0.75), 40 * blockM),
    p1: rng.uniform(0, 2 * Math.PI),
    a2: widthM * rng.uniform(0.01, 0.02),
    k2: (2 * Math.PI) / Math.max(lengthM * rng.uniform(0.18, 0.28), 20 * blockM),
    p2: rng.uniform(0, 2 * Math.PI),
  };
}

export const meanderAt = (m: Meander, u: number): number =>
  m.a1 * Math.sin(m.k1 * u + m.p1) + m.a2 * Math.sin(m.k2 * u + m.p2);

export interface RiverOutline {
  /** centreline from the −u end to the +u end */
  centreline: [number, number][];
  /** closed outer ring, counter-clockwise (GeoJSON right-hand rule) */
  polygon: [number, number][];
}

/** Samples the river between u0 and u1 (every `stepM`) as lon/lat centreline and polygon. */
export function riverOutline(
  f: CityFrame,
  m: Meander,
  u0: number,
  u1: number,
  widthM: number,
  stepM: number,
): RiverOutline {
  const n = Math.max(2, Math.ceil((u1 - u0) / stepM) + 1);
  const centreline: [number, number][] = [];
  const left: [number, number][] = [];
  const right: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const u = u0 + ((u1 - u0) * i) / (n - 1);
    const r = meanderAt(m, u);
    centreline.push(frameToLngLat(f, u, r));
    left.push(frameToLngLat(f, u, r + widthM / 2));
    right.push(frameToLngLat(f, u, r - widthM / 2));
  }
  // Right bank forward then left bank back runs counter-clockwise (+v is to the left of +u).
  const polygon = [...right, ...left.reverse()];
  polygon.push(polygon[0]);
  return { centreline, polygon };
}
