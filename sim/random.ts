// Seeded pseudo-random numbers for reproducible simulations and generated cities.
// sfc32 (Chris Doty-Humphrey's small fast counting generator) on 32-bit integers, seeded through
// splitmix32. Only integer ops (Math.imul, >>>) feed the state, so a seed gives the same stream
// on every platform; `normal()` goes through Math.log/Math.sqrt/Math.cos, which V8 computes the
// same way everywhere.

export interface Random {
  /** uniform float in [0, 1) with 32 bits of randomness */
  next(): number;
  /** uniform integer in [lo, hi], both inclusive */
  int(lo: number, hi: number): number;
  /** uniform float in [lo, hi) */
  uniform(lo: number, hi: number): number;
  /** standard normal (mean 0, standard deviation 1), Box–Muller */
  normal(): number;
  /** true with probability p */
  chance(p: number): boolean;
  /** a uniformly chosen element; throws on an empty array */
  pick<T>(arr: readonly T[]): T;
  /** Fisher–Yates shuffle in place; returns the same array */
  shuffle<T>(arr: T[]): T[];
  /** an independent stream derived from this generator's seed and a salt (does not advance this one) */
  fork(salt: number): Random;
}

const TWO_POW_32 = 4294967296;

/** splitmix32 step: spreads nearby seeds (1, 2, 3 …) into unrelated 32-bit states. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Folds any finite number into a 32-bit seed (integers map to themselves modulo 2^32). */
function seedBits(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`Unexpected seed value: ${seed}.`);
  if (Number.isInteger(seed)) return (seed % TWO_POW_32) >>> 0;
  // Non-integers: mix the float's fractional bits in so 1.5 and 1 differ.
  const hi = Math.floor(seed);
  const lo = Math.floor((seed - hi) * TWO_POW_32);
  return ((hi % TWO_POW_32) ^ Math.imul(lo, 0x27d4eb2d)) >>> 0;
}

export function createRandom(seed: number): Random {
  const base = seedBits(seed);
  const init = { s: base };
  let a = splitmix32(init);
  let b = splitmix32(init);
  let c = splitmix32(init);
  let d = 1;
  let spare = NaN; // second Box–Muller value

  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes poorly right after seeding.
  for (let i = 0; i < 12; i++) nextU32();

  const next = (): number => nextU32() / TWO_POW_32;

  const rng: Random = {
    next,
    int(lo, hi) {
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
        throw new RangeError(`Unexpected int range: [${lo}, ${hi}].`);
      }
      return lo + Math.floor(next() * (hi - lo + 1));
    },
    uniform(lo, hi) {
      return lo + next() * (hi - lo);
    },
    normal() {
      if (!Number.isNaN(spare)) {
        const z = spare;
        spare = NaN;
        return z;
      }
      let u = next();
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    chance(p) {
      return next() < p;
    },
    pick(arr) {
      if (arr.length === 0) throw new RangeError('Unexpected empty array in pick().');
      return arr[Math.floor(next() * arr.length)];
    },
    shuffle(arr) {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = arr[i];
        arr[i] = arr[j];
        arr[j] = t;
      }
      return arr;
    },
    fork(salt) {
      return createRandom((base ^ Math.imul(seedBits(salt) + 1, 0x9e3779b1)) >>> 0);
    },
  };
  return rng;
}
