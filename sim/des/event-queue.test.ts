import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.ts';

describe('EventQueue', () => {
  it('pops in (time, priority, insertion) order — the same as a stable sort', () => {
    const op = fc.oneof(
      fc.record({ push: fc.constant(true), t: fc.integer({ min: 0, max: 20 }), p: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ push: fc.constant(false), t: fc.constant(0), p: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const q = new EventQueue(2);
        const ref: { t: number; p: number; s: number }[] = [];
        let s = 0;
        for (const o of ops) {
          if (o.push) {
            q.push(o.t, o.p, 1, s, 0);
            ref.push({ t: o.t, p: o.p, s: s++ });
          } else {
            ref.sort((a, b) => a.t - b.t || a.p - b.p || a.s - b.s);
            const want = ref.shift();
            expect(q.pop()).toBe(want !== undefined);
            if (want) expect([q.t, q.a]).toEqual([want.t, want.s]);
          }
        }
        ref.sort((a, b) => a.t - b.t || a.p - b.p || a.s - b.s);
        for (const want of ref) {
          expect(q.pop()).toBe(true);
          expect([q.t, q.a]).toEqual([want.t, want.s]);
        }
        expect(q.pop()).toBe(false);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('refuses a time that is not finite', () => {
    expect(() => new EventQueue().push(Number.NaN, 0, 0)).toThrow(/event time: NaN/);
  });
});
