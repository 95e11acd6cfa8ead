import { describe, expect, it } from 'vitest';
import { createRandom } from '../../random.ts';
import { haversineMeters } from '../../geo/projection.ts';
import { compassWord, createFrame, frameToLngLat, lngLatToFrame } from './frame.ts';
import { createNameSource } from './names.ts';

describe('city frame', () => {
  it('round-trips and keeps metric distances', () => {
    const f = createFrame([117.62, 26.26], 30);
    const [lon, lat] = frameToLngLat(f, 1000, -250);
    const [u, v] = lngLatToFrame(f, lon, lat);
    expect(u).toBeCloseTo(1000, 6);
    expect(v).toBeCloseTo(-250, 6);
    expect(haversineMeters([117.62, 26.26], [lon, lat])).toBeCloseTo(Math.hypot(1000, 250), -1);
  });

  it('points +u along the bearing and +v to its left', () => {
    const f = createFrame([117.62, 26.26], 30);
    const [lon, lat] = frameToLngLat(f, 1000, 0);
    expect(lat).toBeGreaterThan(26.26); // mostly north
    expect(lon).toBeGreaterThan(117.62); // and a bit east
    expect(compassWord(f, 1, 0)).toBe('北');
    expect(compassWord(f, 0, 1)).toBe('西');
    expect(compassWord(f, 0, -1)).toBe('东');
    expect(compassWord(createFrame([0, 0], 90), 1, 0)).toBe('东');
  });
});

describe('street names', () => {
  it('gives distinct two-character bases, then adds ordinals', () => {
    const names = createNameSource(createRandom(1));
    const seen = new Set<string>();
    let first = '';
    for (let k = 0; k < 2000; k++) {
      const n = names.base();
      if (k === 0) first = n;
      expect(seen.has(n)).toBe(false);
      seen.add(n);
      expect(n).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
    }
    expect(seen.has(first + '二')).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const a = createNameSource(createRandom(5)), b = createNameSource(createRandom(5));
    for (let k = 0; k < 20; k++) expect(a.base()).toBe(b.base());
  });
});
