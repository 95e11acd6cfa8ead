// M/M/c queue formulas (Erlang C): the chance that a call has to wait for a free unit, and how long.
//
// Model: calls arrive as a Poisson stream of rate λ, each unit serves one call at a time for an
// exponential time of mean 1/μ, and there are c identical units with an unlimited first-come
// first-served queue. The offered load a = λ/μ (in erlangs) must be below c, or the queue grows
// without bound. Rates and times only need consistent units: λ and μ per second give waits in
// seconds.
//
// Erlang C is computed from the Erlang B recursion
//   B(0, a) = 1,   B(k, a) = a·B(k−1, a) / (k + a·B(k−1, a))
// followed by the conversion C = c·B / (c − a·(1 − B)). Every step stays in [0, 1], so there are
// no factorials or powers to overflow, even for hundreds of units.

function checkServers(c: number): void {
  if (!Number.isInteger(c) || c < 1) {
    throw new RangeError(`Unexpected c (number of servers) value: ${c}. Expected an integer ≥ 1.`);
  }
}

function checkLoad(c: number, a: number, name: string): void {
  if (!Number.isFinite(a) || a < 0) {
    throw new RangeError(`Unexpected ${name} value: ${a}. Expected a finite number ≥ 0.`);
  }
  if (a >= c) {
    throw new RangeError(`Unexpected ${name} value: ${a}. The queue is unstable unless ${name} < c = ${c}.`);
  }
}

/** Erlang B: the blocking probability of an M/M/c/c loss system (no queue). Needs c ≥ 1, a ≥ 0. */
export function erlangB(c: number, offeredLoad: number): number {
  checkServers(c);
  if (!Number.isFinite(offeredLoad) || offeredLoad < 0) {
    throw new RangeError(`Unexpected offeredLoad value: ${offeredLoad}. Expected a finite number ≥ 0.`);
  }
  let b = 1;
  for (let k = 1; k <= c; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b;
}

/**
 * Erlang C: the probability that an arriving call finds all c units busy and has to wait.
 * `offeredLoad` is a = λ/μ in erlangs and must satisfy 0 ≤ a < c (RangeError otherwise).
 * Returns 0 for a = 0 and a value in (0, 1) for 0 < a < c (values below ~1e-308, e.g. a light load
 * on hundreds of units, underflow to 0).
 */
export function erlangC(c: number, offeredLoad: number): number {
  checkServers(c);
  checkLoad(c, offeredLoad, 'offeredLoad');
  const b = erlangB(c, offeredLoad);
  return (c * b) / (c - offeredLoad * (1 - b));
}

function loadOf(c: number, lambda: number, mu: number): number {
  checkServers(c);
  if (!Number.isFinite(lambda) || lambda < 0) {
    throw new RangeError(`Unexpected lambda (arrival rate) value: ${lambda}. Expected a finite number ≥ 0.`);
  }
  if (!Number.isFinite(mu) || mu <= 0) {
    throw new RangeError(`Unexpected mu (service rate) value: ${mu}. Expected a finite number > 0.`);
  }
  const a = lambda / mu;
  checkLoad(c, a, 'lambda / mu');
  return a;
}

/**
 * Mean time in the queue over ALL arrivals (those served at once count as 0):
 * Wq = C(c, a) / (cμ − λ). In the time unit of 1/λ and 1/μ.
 */
export function mmcMeanWait(c: number, lambda: number, mu: number): number {
  const a = loadOf(c, lambda, mu);
  return erlangC(c, a) / (c * mu - lambda);
}

/**
 * P(W > t), the probability that an arrival waits longer than t (t ≥ 0) in the queue:
 * C(c, a) · e^{−(cμ − λ)t}. At t = 0 this is Erlang C itself.
 */
export function mmcWaitTailProbability(c: number, lambda: number, mu: number, t: number): number {
  const a = loadOf(c, lambda, mu);
  if (!(t >= 0)) throw new RangeError(`Unexpected t value: ${t}. Expected a number ≥ 0.`);
  return erlangC(c, a) * Math.exp(-(c * mu - lambda) * t);
}
