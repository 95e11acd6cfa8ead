import { describe, expect, it, vi } from 'vitest';
import { createProgress, formatDuration } from './progress.ts';

function fakeStream(isTTY: boolean, columns?: number) {
  const chunks: string[] = [];
  return { isTTY, columns, chunks, write: (s: string) => chunks.push(s) };
}

function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('formatDuration', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatDuration(7_400)).toBe('7s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
    expect(formatDuration(NaN)).toBe('--');
  });
});

describe('createProgress on a terminal', () => {
  it('redraws one line in place with bar, percent, elapsed time and ETA', () => {
    const stream = fakeStream(true, 100);
    const clock = fakeClock();
    const p = createProgress({ total: 200, label: 'seeds', stream, now: clock.now });
    expect(stream.chunks).toHaveLength(1);
    expect(stream.chunks[0]).toMatch(/^\rseeds ░{24}\s+0% 0\/200 0s ETA --$/);
    clock.advance(10_000);
    p.tick(50);
    const line = stream.chunks[1];
    expect(line.startsWith('\r')).toBe(true);
    expect(line).not.toContain('\n');
    expect(line).toContain(`${'█'.repeat(6)}${'░'.repeat(18)}`);
    expect(line).toContain(' 25% 50/200 10s ETA 30s');
  });

  it('draws at most every 100 ms', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const p = createProgress({ total: 1000, label: 'x', stream, now: clock.now });
    for (let i = 1; i <= 1000; i++) {
      clock.advance(1); // 1000 ticks over one second
      p.tick(i);
    }
    // the first draw at creation, then one per 100 ms
    expect(stream.chunks.length).toBeGreaterThanOrEqual(10);
    expect(stream.chunks.length).toBeLessThanOrEqual(11);
  });

  it('finishes with 100% and a newline, once', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const p = createProgress({ total: 10, label: 'x', stream, now: clock.now });
    p.tick(3);
    clock.advance(5);
    p.done();
    p.done();
    p.tick(5);
    expect(stream.chunks.at(-2)).toContain('100% 10/10');
    expect(stream.chunks.at(-2)).toContain('ETA 0s');
    expect(stream.chunks.at(-1)).toBe('\n');
    expect(stream.chunks.filter((c) => c === '\n')).toHaveLength(1);
  });

  it('keeps the line inside narrow terminals', () => {
    const stream = fakeStream(true, 30);
    const clock = fakeClock();
    const p = createProgress({ total: 100000, label: '巡逻模拟', stream, now: clock.now });
    clock.advance(200);
    p.tick(5);
    expect(stream.chunks).toHaveLength(2);
    expect(stream.chunks.join('')).not.toMatch(/[█░]/);
  });

  it('blanks out what is left of a longer previous line', () => {
    const stream = fakeStream(true, 120);
    const clock = fakeClock();
    const p = createProgress({ total: 10, label: 'x', stream, now: clock.now });
    clock.advance(400_000);
    p.tick(1); // 6m40s elapsed, ETA 1h00m
    clock.advance(5_000);
    p.tick(9); // 6m45s elapsed, ETA 45s: the new text is shorter
    const [, long, short] = stream.chunks;
    expect(short.length).toBeGreaterThanOrEqual(long.length);
    expect(short).toMatch(/ETA 45s +$/);
  });
});

describe('createProgress on a log (not a terminal)', () => {
  it('prints plain lines at 0%, each 10% step and 100% only', () => {
    const stream = fakeStream(false);
    const clock = fakeClock();
    const p = createProgress({ total: 100, label: 'seeds', stream, now: clock.now });
    for (let i = 1; i <= 100; i++) {
      clock.advance(1000);
      p.tick(i);
    }
    p.done();
    expect(stream.chunks).toHaveLength(11);
    expect(stream.chunks[0]).toBe('seeds: 0% (0/100) 0s\n');
    expect(stream.chunks[3]).toBe('seeds: 30% (30/100) 30s\n');
    expect(stream.chunks[10]).toBe('seeds: 100% (100/100) 1m40s\n');
    expect(stream.chunks.join('')).not.toContain('\r');
  });

  it('prints the step reached when ticks jump, and 100% from done() when ticks stop short', () => {
    const stream = fakeStream(false);
    const p = createProgress({ total: 3, label: 'x', stream, now: () => 0 });
    p.tick(1);
    p.tick(1);
    p.done();
    expect(stream.chunks).toEqual(['x: 0% (0/3) 0s\n', 'x: 33% (1/3) 0s\n', 'x: 100% (3/3) 0s\n']);
  });

  it('handles total 0 and rejects bad arguments', () => {
    const stream = fakeStream(false);
    const p = createProgress({ total: 0, label: 'none', stream, now: () => 0 });
    p.done();
    expect(stream.chunks).toEqual(['none: 0% (0/0) 0s\n', 'none: 100% (0/0) 0s\n']);
    expect(() => createProgress({ total: -1, label: 'x', stream })).toThrow(/total value: -1/);
    expect(() => createProgress({ total: 2, label: 'x', stream }).tick(NaN)).toThrow(/done value/);
  });

  it('writes to process.stderr by default', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      createProgress({ total: 1, label: 'default stream', now: () => 0 }).done();
      expect(spy.mock.calls.map((c) => String(c[0])).join('')).toContain('default stream');
    } finally {
      spy.mockRestore();
    }
  });
});
