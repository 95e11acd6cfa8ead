// Tiny benchmark harness: warm up, run N times, report the median (the machine is noisy, so
// medians, not means), and print each figure beside its target.

export interface Measurement {
  name: string;
  medianMs: number;
  p90Ms: number;
  runs: number;
  target?: string;
  /** true = meets the target, false = misses it, undefined = no numeric target */
  ok?: boolean;
  note?: string;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export function measure(name: string, fn: (run: number) => void, opts: { runs?: number; warmup?: number } = {}): Measurement {
  const runs = opts.runs ?? 15;
  for (let i = 0; i < (opts.warmup ?? 3); i++) fn(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    times.push(performance.now() - t0);
  }
  return { name, medianMs: median(times), p90Ms: quantile(times, 0.9), runs };
}

export function withTarget(m: Measurement, targetMs: number, note?: string): Measurement {
  return { ...m, target: `≤ ${targetMs} ms`, ok: m.medianMs <= targetMs, note };
}

export function formatTable(rows: Measurement[]): string {
  const head = ['benchmark', 'median', 'p90', 'runs', 'target', 'status'];
  const body = rows.map((r) => [
    r.name,
    `${r.medianMs.toFixed(1)} ms`,
    `${r.p90Ms.toFixed(1)} ms`,
    String(r.runs),
    r.target ?? '',
    [r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED', r.note ?? ''].filter(Boolean).join(' — '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join('\n');
}
