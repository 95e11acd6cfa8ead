// Comparing two scenarios (say, the current patrol plan and a what-if plan) run over K seeds each:
// a 95% confidence interval per scenario and Welch's unequal-variance t-test on the difference.
// Seeds are the replications, so each sample value is one seed's run-level figure (e.g. the mean
// response time of that run), not the individual incidents, which are correlated within a run.

import { tQuantile, tSurvival } from './student-t.ts';

export interface SampleDescription {
  n: number;
  /** null when n = 0 */
  mean: number | null;
  /** sample standard deviation (divisor n − 1); null when n < 2 */
  sd: number | null;
  /** mean ± t(0.975, n − 1)·sd/√n; null when n < 2. A zero-width interval when sd = 0. */
  ci95: [number, number] | null;
}

export interface WelchResult {
  /** mean(ys) − mean(xs) */
  diff: number;
  /** 95% confidence interval of diff, with the Welch–Satterthwaite degrees of freedom */
  ci95: [number, number];
  /** diff / standard error; ±Infinity when both samples are constant and differ, 0 when they agree */
  t: number;
  /** Welch–Satterthwaite degrees of freedom; nx + ny − 2 when both samples are constant */
  df: number;
  /** two-sided p-value, in [0, 1] */
  p: number;
  /** p < 0.05 */
  significant: boolean;
}

function checkFinite(xs: readonly number[], name: string): void {
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) throw new RangeError(`Unexpected ${name}[${i}] value: ${xs[i]}. Expected a finite number.`);
  }
}

/** Mean and unbiased variance by two passes (the second pass removes the first pass's rounding). */
function meanVar(xs: readonly number[]): { mean: number; variance: number } {
  const n = xs.length;
  if (xs.every((x) => x === xs[0])) return { mean: xs[0], variance: 0 }; // exact for constant runs
  let s = 0;
  for (const x of xs) s += x;
  const m0 = s / n;
  let dev = 0;
  let sq = 0;
  for (const x of xs) {
    dev += x - m0;
    sq += (x - m0) * (x - m0);
  }
  const mean = m0 + dev / n;
  const variance = n > 1 ? Math.max(0, (sq - (dev * dev) / n) / (n - 1)) : 0;
  return { mean, variance };
}

/** n, mean, standard deviation and the Student-t 95% confidence interval of the mean. */
export function describeSample(xs: readonly number[]): SampleDescription {
  checkFinite(xs, 'xs');
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, ci95: null };
  const { mean, variance } = meanVar(xs);
  if (n === 1) return { n, mean, sd: null, ci95: null };
  const sd = Math.sqrt(variance);
  const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci95: [mean - half, mean + half] };
}

/**
 * Welch's two-sample t-test of mean(ys) − mean(xs), not assuming equal variances. Needs at least
 * two values in each sample (RangeError naming the argument otherwise).
 *
 * Degenerate cases, decided so that no NaN comes out:
 * - identical means (including identical samples): t = 0 and p = 1 exactly.
 * - both samples constant (zero variance): the standard error is 0. Equal values give t = 0, p = 1;
 *   different values give t = ±Infinity, p = 0 (the runs never overlap), a zero-width ci95 at diff,
 *   and df = nx + ny − 2 because the Welch–Satterthwaite formula is 0/0 there.
 * - one sample constant: the formula still works (df = n − 1 of the other sample).
 */
export function welchTest(xs: readonly number[], ys: readonly number[]): WelchResult {
  checkFinite(xs, 'xs');
  checkFinite(ys, 'ys');
  if (xs.length < 2) throw new RangeError(`Unexpected xs length: ${xs.length}. Welch's test needs at least 2 values per sample.`);
  if (ys.length < 2) throw new RangeError(`Unexpected ys length: ${ys.length}. Welch's test needs at least 2 values per sample.`);
  const nx = xs.length;
  const ny = ys.length;
  const x = meanVar(xs);
  const y = meanVar(ys);
  const diff = y.mean - x.mean;
  const vx = x.variance / nx;
  const vy = y.variance / ny;
  const se2 = vx + vy;

  if (se2 === 0) {
    const same = diff === 0;
    return {
      diff,
      ci95: [diff, diff],
      t: same ? 0 : diff > 0 ? Infinity : -Infinity,
      df: nx + ny - 2,
      p: same ? 1 : 0,
      significant: !same,
    };
  }

  const se = Math.sqrt(se2);
  // Welch–Satterthwaite: se⁴ / Σ (vᵢ² / (nᵢ − 1)), with weights vᵢ/se² so tiny variances cannot underflow.
  const wx = vx / se2;
  const wy = vy / se2;
  const df = 1 / ((wx * wx) / (nx - 1) + (wy * wy) / (ny - 1));
  const t = diff / se;
  const p = Math.min(1, 2 * tSurvival(Math.abs(t), df));
  const half = tQuantile(0.975, df) * se;
  return { diff, ci95: [diff - half, diff + half], t, df, p, significant: p < 0.05 };
}
