// Small inline-SVG chart helpers for the HTML reports: a histogram, a line chart and horizontal
// bars, each with axes, ticks, axis labels and (for lines) a legend. Pure functions from a spec to
// an SVG string. All text goes through escapeXml; points or bars with non-finite numbers are left
// out, so no "NaN" ever reaches an SVG attribute. Styling comes from the page's CSS classes.

/** Escapes text for HTML/SVG element content and double- or single-quoted attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** A coordinate for an SVG attribute: at most 2 decimals, no exponent, never "-0". */
export function coord(n: number): string {
  const r = Math.round(n * 100) / 100;
  return r === 0 ? '0' : String(r);
}

/**
 * About `count` evenly spaced round ticks (steps of 1, 2 or 5 × 10^k) covering [lo, hi], at least
 * two where the range allows. With `integer`, steps are at least 1. A degenerate range gives the
 * single value.
 */
export function niceTicks(lo: number, hi: number, count = 5, integer = false): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi <= lo) return [lo];
  // A narrow range may fall between two round values of the first step; refine until two fit.
  let ticks: number[] = [];
  for (let n = Math.max(1, count); n <= 64 * Math.max(1, count); n *= 2) {
    ticks = ticksWithStep(lo, hi, niceStep((hi - lo) / n, integer));
    if (ticks.length >= 2 || (integer && hi - lo < 1)) break;
  }
  return ticks;
}

function niceStep(raw: number, integer: boolean): number {
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = mag;
  for (const m of [1, 2, 5, 10]) {
    step = m * mag;
    if (step >= raw * (1 - 1e-9)) break;
  }
  return integer ? Math.max(1, Math.round(step)) : step;
}

function ticksWithStep(lo: number, hi: number, step: number): number[] {
  const digits = Math.min(100, Math.max(0, -Math.floor(Math.log10(step))));
  const ticks: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) {
    ticks.push(Number((i * step).toFixed(digits)));
  }
  return ticks;
}

interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

interface Plot {
  width: number;
  height: number;
  m: Margin;
  /** inner plot width and height */
  w: number;
  h: number;
}

function plot(width: number, height: number, m: Margin): Plot {
  return { width, height, m, w: Math.max(1, width - m.left - m.right), h: Math.max(1, height - m.top - m.bottom) };
}

const scale =
  (d0: number, d1: number, r0: number, r1: number) =>
  (v: number): number =>
    d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);

function svgOpen(p: Plot, title: string, className: string): string {
  const t = escapeXml(title);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${className}" viewBox="0 0 ${p.width} ${p.height}" ` +
    `width="${p.width}" height="${p.height}" role="img" aria-label="${t}"><title>${t}</title>`
  );
}

interface AxisSpec {
  ticks: number[];
  /** maps a data value to a pixel position along the axis */
  pos: (v: number) => number;
  format: (v: number) => string;
  label: string;
  /** draw light grid lines across the plot at each tick */
  grid?: boolean;
}

function xAxis(p: Plot, a: AxisSpec): string {
  const y0 = p.m.top + p.h;
  let s = `<g class="axis x-axis"><line class="axis-line" x1="${p.m.left}" y1="${y0}" x2="${p.m.left + p.w}" y2="${y0}"/>`;
  for (const v of a.ticks) {
    const x = coord(a.pos(v));
    if (a.grid) s += `<line class="grid" x1="${x}" y1="${p.m.top}" x2="${x}" y2="${y0}"/>`;
    s += `<line class="tick" x1="${x}" y1="${y0}" x2="${x}" y2="${y0 + 5}"/>`;
    s += `<text class="tick-label" x="${x}" y="${y0 + 18}" text-anchor="middle">${escapeXml(a.format(v))}</text>`;
  }
  s += `<text class="axis-label" x="${coord(p.m.left + p.w / 2)}" y="${p.height - 6}" text-anchor="middle">${escapeXml(a.label)}</text>`;
  return `${s}</g>`;
}

function yAxis(p: Plot, a: AxisSpec): string {
  const x0 = p.m.left;
  let s = `<g class="axis y-axis"><line class="axis-line" x1="${x0}" y1="${p.m.top}" x2="${x0}" y2="${p.m.top + p.h}"/>`;
  for (const v of a.ticks) {
    const y = coord(a.pos(v));
    if (a.grid) s += `<line class="grid" x1="${x0}" y1="${y}" x2="${x0 + p.w}" y2="${y}"/>`;
    s += `<line class="tick" x1="${x0 - 5}" y1="${y}" x2="${x0}" y2="${y}"/>`;
    s += `<text class="tick-label" x="${x0 - 8}" y="${y}" dy="0.32em" text-anchor="end">${escapeXml(a.format(v))}</text>`;
  }
  const cy = coord(p.m.top + p.h / 2);
  s += `<text class="axis-label" x="14" y="${cy}" transform="rotate(-90 14 ${cy})" text-anchor="middle">${escapeXml(a.label)}</text>`;
  return `${s}</g>`;
}

// ---------------------------------------------------------------- histogram

export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
  /** tooltip; defaults to "x0–x1: count" */
  title?: string;
}

export interface ChartMarker {
  x: number;
  label: string;
  /** extra CSS class, e.g. 'target' */
  className?: string;
}

export interface HistogramSpec {
  title: string;
  bins: HistogramBin[];
  /** vertical reference lines, e.g. at 60/180/300 s */
  markers?: ChartMarker[];
  xLabel: string;
  yLabel: string;
  xTicks: number[];
  xTickFormat: (v: number) => string;
  width?: number;
  height?: number;
}

/** Vertical bars, one `<rect class="bar">` per bin with a finite count, over [first x0, last x1]. */
export function histogramSvg(spec: HistogramSpec): string {
  const p = plot(spec.width ?? 720, spec.height ?? 300, { top: 34, right: 16, bottom: 44, left: 56 });
  const bins = spec.bins.filter((b) => Number.isFinite(b.x0) && Number.isFinite(b.x1) && Number.isFinite(b.count));
  const lo = bins.length ? Math.min(...bins.map((b) => b.x0)) : 0;
  const hi = bins.length ? Math.max(...bins.map((b) => b.x1)) : 1;
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const yTicks = niceTicks(0, maxCount, 5, true);
  const yTop = Math.max(maxCount, yTicks[yTicks.length - 1] ?? 1);
  const sx = scale(lo, hi, p.m.left, p.m.left + p.w);
  const sy = scale(0, yTop, p.m.top + p.h, p.m.top);

  let s = svgOpen(p, spec.title, 'histogram');
  s += yAxis(p, { ticks: yTicks, pos: sy, format: (v) => String(v), label: spec.yLabel, grid: true });
  s += '<g class="bars">';
  for (const b of bins) {
    const x = sx(b.x0) + 0.5;
    const w = Math.max(0.5, sx(b.x1) - sx(b.x0) - 1);
    const y = sy(Math.max(0, b.count));
    const tip = b.title ?? `${b.x0}–${b.x1}: ${b.count}`;
    s += `<rect class="bar" x="${coord(x)}" y="${coord(y)}" width="${coord(w)}" height="${coord(p.m.top + p.h - y)}"><title>${escapeXml(tip)}</title></rect>`;
  }
  s += '</g>';
  s += xAxis(p, { ticks: spec.xTicks.filter((v) => v >= lo && v <= hi), pos: sx, format: spec.xTickFormat, label: spec.xLabel });
  const markers = (spec.markers ?? []).filter((mk) => Number.isFinite(mk.x) && mk.x >= lo && mk.x <= hi);
  s += '<g class="markers">';
  markers.forEach((mk, i) => {
    const x = coord(sx(mk.x));
    const cls = mk.className ? `marker ${escapeXml(mk.className)}` : 'marker';
    // Labels alternate between two rows so neighbouring markers do not overprint.
    const ly = p.m.top - 6 - (i % 2) * 13;
    s += `<g class="${cls}"><line x1="${x}" y1="${p.m.top - 2}" x2="${x}" y2="${p.m.top + p.h}"/>`;
    s += `<text x="${x}" y="${ly}" text-anchor="middle">${escapeXml(mk.label)}</text></g>`;
  });
  s += '</g>';
  return `${s}</svg>`;
}

// ---------------------------------------------------------------- line chart

export interface LineSeries {
  name: string;
  /** [x, y] in data units; non-finite points are skipped */
  points: readonly (readonly [number, number])[];
  /** CSS class for colour and dash, e.g. 'ring-1' */
  className: string;
}

export interface LineChartSpec {
  title: string;
  series: LineSeries[];
  xDomain: [number, number];
  yDomain: [number, number];
  xTicks: number[];
  yTicks: number[];
  xTickFormat: (v: number) => string;
  yTickFormat: (v: number) => string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

/** One `<polyline class="series …">` per series (values clamped to the y domain) and a legend. */
export function lineChartSvg(spec: LineChartSpec): string {
  const p = plot(spec.width ?? 720, spec.height ?? 300, { top: 16, right: 130, bottom: 44, left: 56 });
  const [x0, x1] = spec.xDomain;
  const [y0, y1] = spec.yDomain;
  const sx = scale(x0, x1, p.m.left, p.m.left + p.w);
  const sy = scale(y0, y1, p.m.top + p.h, p.m.top);
  const clampY = (v: number): number => Math.min(Math.max(v, Math.min(y0, y1)), Math.max(y0, y1));

  let s = svgOpen(p, spec.title, 'line-chart');
  s += yAxis(p, { ticks: spec.yTicks, pos: sy, format: spec.yTickFormat, label: spec.yLabel, grid: true });
  s += xAxis(p, { ticks: spec.xTicks, pos: sx, format: spec.xTickFormat, label: spec.xLabel, grid: true });
  s += '<g class="lines">';
  for (const ser of spec.series) {
    const pts = ser.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    const attr = pts.map(([x, y]) => `${coord(sx(x))},${coord(sy(clampY(y)))}`).join(' ');
    const cls = `series ${escapeXml(ser.className)}`;
    s += `<polyline class="${cls}" points="${attr}"><title>${escapeXml(ser.name)}</title></polyline>`;
    // A single point draws no line; mark it so it stays visible.
    if (pts.length === 1) s += `<circle class="${cls}" cx="${coord(sx(pts[0][0]))}" cy="${coord(sy(clampY(pts[0][1])))}" r="3"/>`;
  }
  s += '</g><g class="legend">';
  spec.series.forEach((ser, i) => {
    const lx = p.m.left + p.w + 14;
    const ly = p.m.top + 10 + i * 20;
    s += `<line class="series ${escapeXml(ser.className)}" x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}"/>`;
    s += `<text x="${lx + 28}" y="${ly}" dy="0.32em">${escapeXml(ser.name)}</text>`;
  });
  return `${s}</g></svg>`;
}

// ---------------------------------------------------------------- horizontal bars

export interface HBar {
  label: string;
  /** in domain units; non-finite values are drawn as empty bars */
  value: number;
  /** text after the bar, e.g. "62% · 14 dispatches" */
  valueLabel: string;
  /** extra CSS class, e.g. 'high' */
  className?: string;
}

export interface HBarSpec {
  title: string;
  bars: HBar[];
  domain: [number, number];
  ticks: number[];
  tickFormat: (v: number) => string;
  xLabel: string;
  width?: number;
  /** height of one row in pixels */
  rowHeight?: number;
}

/** Approximate rendered width of a label at 12 px: CJK characters count double. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) ? 12 : 7;
  return w;
}

function truncate(s: string, maxWidth: number): string {
  if (textWidth(s) <= maxWidth) return s;
  let out = '';
  for (const ch of s) {
    if (textWidth(`${out}${ch}…`) > maxWidth) break;
    out += ch;
  }
  return `${out}…`;
}

/** One `<rect class="hbar">` per bar, in the given order, labels on the left. */
export function horizontalBarSvg(spec: HBarSpec): string {
  const rowH = spec.rowHeight ?? 22;
  const labelW = Math.min(200, Math.max(48, ...spec.bars.map((b) => textWidth(b.label))));
  const valueW = Math.min(160, Math.max(40, ...spec.bars.map((b) => textWidth(b.valueLabel))));
  const height = 16 + spec.bars.length * rowH + 44;
  const p = plot(spec.width ?? 720, height, { top: 16, right: valueW + 12, bottom: 44, left: labelW + 14 });
  const [d0, d1] = spec.domain;
  const sx = scale(d0, d1, p.m.left, p.m.left + p.w);

  let s = svgOpen(p, spec.title, 'hbar-chart');
  s += xAxis(p, { ticks: spec.ticks, pos: sx, format: spec.tickFormat, label: spec.xLabel, grid: true });
  s += '<g class="bars">';
  spec.bars.forEach((b, i) => {
    const y = p.m.top + i * rowH;
    const v = Number.isFinite(b.value) ? Math.min(Math.max(b.value, d0), d1) : d0;
    const w = Math.max(0, sx(v) - p.m.left);
    const cy = coord(y + rowH / 2);
    const cls = b.className ? `hbar ${escapeXml(b.className)}` : 'hbar';
    s += `<text class="bar-label" x="${p.m.left - 8}" y="${cy}" dy="0.32em" text-anchor="end">${escapeXml(truncate(b.label, labelW))}<title>${escapeXml(b.label)}</title></text>`;
    s += `<rect class="${cls}" x="${p.m.left}" y="${coord(y + 3)}" width="${coord(w)}" height="${coord(rowH - 6)}"><title>${escapeXml(`${b.label}: ${b.valueLabel}`)}</title></rect>`;
    s += `<text class="bar-value" x="${coord(p.m.left + w + 6)}" y="${cy}" dy="0.32em">${escapeXml(b.valueLabel)}</text>`;
  });
  return `${s}</g></svg>`;
}
