// Descriptive statistics of samples (response times, travel times) and the time-weighted average of
// a level that changes at event times (units busy, coverage share).

/** Arithmetic mean; NaN for an empty array. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of an ascending-sorted array, by linear interpolation between order
 * statistics (Hyndman & Fan type 7, the default of R and NumPy): with h = (n − 1)·q, the result is
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). q = 0 gives the minimum, q = 1 the maximum.
 * NaN for an empty array. The array must already be sorted; this is not checked.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Unexpected q value: ${q}. Expected a number in [0, 1].`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const frac = h - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  if (frac === 0) return a;
  // Clamped to [a, b]: a + fl(b − a) can land one ulp past b, which would break monotonicity in q.
  return Math.min(b, Math.max(a, a + frac * (b - a)));
}

export interface Summary {
  count: number;
  /** null when count is 0 */
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

/**
 * Count, mean, type-7 quantiles, minimum and maximum. An empty input gives count 0 and null for the
 * rest (never NaN). Values must be finite numbers: a NaN or infinity is a bug upstream, reported as
 * a RangeError with its index.
 */
export function summarize(values: readonly number[]): Summary {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`Unexpected values[${i}] value: ${values[i]}. Expected a finite number.`);
    }
  }
  if (values.length === 0) return { count: 0, mean: null, p50: null, p90: null, p95: null, min: null, max: null };
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  return {
    count: arr.length,
    mean: mean(arr),
    p50: quantile(arr, 0.5),
    p90: quantile(arr, 0.9),
    p95: quantile(arr, 0.95),
    min: arr[0],
    max: arr[arr.length - 1],
  };
}

/**
 * Time-weighted average of a piecewise-constant level: the level holds from each `set` until the
 * next. For units busy, coverage share, queue length — quantities that exist between events, where
 * averaging samples taken at event times would over-weight busy periods.
 *
 *   const busy = new TimeWeighted(0, 0);
 *   busy.set(120, 1); busy.set(300, 0);
 *   busy.mean(600); // (0·120 + 1·180 + 0·300) / 600 = 0.3
 */
export class TimeWeighted {
  readonly t0: number;
  private lastT: number;
  private current: number;
  private area = 0;
  private lo: number;
  private hi: number;

  constructor(t0: number, level: number) {
    if (!Number.isFinite(t0)) throw new RangeError(`Unexpected t0 value: ${t0}. Expected a finite time.`);
    checkLevel(level);
    this.t0 = t0;
    this.lastT = t0;
    this.current = level;
    this.lo = level;
    this.hi = level;
  }

  /** Changes the level at time t (t must not be before the previous change). */
  set(t: number, level: number): void {
    this.advance(t);
    checkLevel(level);
    this.current = level;
    if (level < this.lo) this.lo = level;
    if (level > this.hi) this.hi = level;
  }

  /** The level now in force. */
  get level(): number {
    return this.current;
  }

  /** Smallest and largest level seen so far. */
  get min(): number {
    return this.lo;
  }
  get max(): number {
    return this.hi;
  }

  /** ∫ level dt from t0 to tEnd (tEnd not before the last change). Does not change the accumulator. */
  integral(tEnd: number): number {
    this.checkTime(tEnd, 'tEnd');
    return this.area + this.current * (tEnd - this.lastT);
  }

  /**
   * Average level over [t0, tEnd]. Over an empty interval (tEnd = t0) the average is taken as the
   * current level, the limit as the interval shrinks. Can be called repeatedly as time goes on.
   */
  mean(tEnd: number): number {
    const total = this.integral(tEnd);
    const span = tEnd - this.t0;
    if (span === 0) return this.current;
    const m = total / span;
    // Rounding can push the ratio a hair outside the levels seen; keep it inside.
    return Math.min(this.hi, Math.max(this.lo, m));
  }

  private advance(t: number): void {
    this.checkTime(t, 't');
    this.area += this.current * (t - this.lastT);
    this.lastT = t;
  }

  private checkTime(t: number, name: string): void {
    if (!Number.isFinite(t)) throw new RangeError(`Unexpected ${name} value: ${t}. Expected a finite time.`);
    if (t < this.lastT) {
      throw new RangeError(`Unexpected ${name} value: ${t}. Time went backwards (last change at ${this.lastT}).`);
    }
  }
}

function checkLevel(level: number): void {
  if (!Number.isFinite(level)) throw new RangeError(`Unexpected level value: ${level}. Expected a finite number.`);
}
