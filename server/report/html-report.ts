// A self-contained HTML page for one simulation run: key figures, the response-time histogram,
// coverage of the 1/3/5-minute rings over the day, unit workload and (optionally) zones.
// Inline CSS and inline SVG only: no scripts, no external fonts, images or stylesheets, so the
// file can be mailed or opened offline. Every piece of user text is escaped.

import { summarize } from '../../sim/stats/summary.ts';
import type { RenderReportOptions, RunReportInput, UnitWorkload, ZoneCoverage } from './report-types.ts';
import { reportText, type ReportText } from './report-text.ts';
import { escapeXml, histogramSvg, horizontalBarSvg, lineChartSvg, niceTicks, type ChartMarker, type HistogramBin } from './svg-charts.ts';

/** At most this many one-minute bars; longer responses share the last bar. */
const MAX_BINS = 60;
const RING_SECONDS = [60, 180, 300] as const;
const HIGH_LOAD = 0.8;

const esc = escapeXml;

/** Number for display: integers as they are, others with up to `digits` decimals; '—' if not finite. */
function fmtNumber(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return '—';
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(digits)));
}

function fmtPct(share: number, digits = 1): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)}%` : '—';
}

function note(text: string, className = 'no-data'): string {
  return `<p class="${className}">${esc(text)}</p>`;
}

function section(id: string, heading: string, body: string): string {
  return `<section id="${id}"><h2>${esc(heading)}</h2>${body}</section>`;
}

function table(className: string, head: string[], rows: string[][], numericCols: number[] = []): string {
  const cell = (tag: 'th' | 'td', text: string, i: number): string =>
    `<${tag}${numericCols.includes(i) ? ' class="num"' : ''}>${esc(text)}</${tag}>`;
  const thead = `<thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead>`;
  const tbody = `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('')}</tbody>`;
  return `<table class="${className}">${thead}${tbody}</table>`;
}

// ---------------------------------------------------------------- sections

function kpiSection(input: RunReportInput, t: ReportText): string {
  if (input.kpis.length === 0) return section('kpis', t.kpis, note(t.noKpis));
  const rows = input.kpis.map((k) => {
    const value = typeof k.value === 'number' ? fmtNumber(k.value) : k.value;
    return [k.label, k.unit ? `${value} ${k.unit}` : value];
  });
  return section('kpis', t.kpis, table('kpi', [t.kpiLabel, t.kpiValue], rows, [1]));
}

function responseSection(input: RunReportInput, t: ReportText): string {
  const valid = input.responseTimesSeconds.filter((v) => Number.isFinite(v) && v >= 0);
  const dropped = input.responseTimesSeconds.length - valid.length;
  const droppedNote = dropped > 0 ? note(t.droppedValues(dropped), 'note') : '';
  if (valid.length === 0) return section('response-times', t.responseTimes, note(t.noResponses) + droppedNote);

  const target = input.targetSeconds != null && Number.isFinite(input.targetSeconds) && input.targetSeconds > 0 ? input.targetSeconds : null;
  const maxMarker = Math.max(...RING_SECONDS, target ?? 0);
  const maxValue = Math.max(...valid);
  const nBins = Math.min(MAX_BINS, Math.max(Math.floor(maxValue / 60) + 1, Math.ceil(maxMarker / 60) + 1));
  const counts = new Array<number>(nBins).fill(0);
  for (const v of valid) counts[Math.min(nBins - 1, Math.floor(v / 60))]++;
  const overflow = maxValue >= nBins * 60;
  const bins: HistogramBin[] = counts.map((count, i) => ({
    x0: i * 60,
    x1: (i + 1) * 60,
    count,
    title: t.binTitle(i, overflow && i === nBins - 1 ? null : i + 1, count),
  }));

  const markers: ChartMarker[] = RING_SECONDS.map((s) => ({ x: s, label: t.markerMinutes(s / 60) }));
  if (target != null) markers.push({ x: target, label: t.markerTarget(fmtNumber(target, 0)), className: 'target' });
  markers.sort((a, b) => a.x - b.x);

  const svg = histogramSvg({
    title: t.responseTimes,
    bins,
    markers,
    xLabel: t.responseAxisX,
    yLabel: t.responseAxisY,
    xTicks: niceTicks(0, nBins, 12, true).map((m) => m * 60),
    xTickFormat: (s) => t.minuteTick(s / 60),
  });

  const sum = summarize(valid);
  const share = (limit: number): string => fmtPct(valid.filter((v) => v <= limit).length / valid.length);
  const secs = (v: number | null): string => (v == null ? '—' : t.seconds(String(Math.round(v))));
  const head = [t.incidents, t.meanTime, t.median, 'P90', 'P95', ...RING_SECONDS.map((s) => t.within(t.markerMinutes(s / 60)))];
  const row = [String(sum.count), secs(sum.mean), secs(sum.p50), secs(sum.p90), secs(sum.p95), ...RING_SECONDS.map(share)];
  if (target != null) {
    head.push(t.within(t.seconds(fmtNumber(target, 0))));
    row.push(share(target));
  }
  const summaryTable = table('response-summary', head, [row], head.map((_, i) => i));
  const overflowNote = overflow ? note(t.lastBinNote(nBins - 1), 'note') : '';
  return section('response-times', t.responseTimes, `<figure>${svg}</figure>${summaryTable}${overflowNote}${droppedNote}`);
}

function coverageSection(input: RunReportInput, t: ReportText): string {
  const pts = input.coverageOverDay
    .filter((p) => Number.isFinite(p.minuteOfDay) && p.minuteOfDay >= 0 && p.minuteOfDay <= 1440)
    .sort((a, b) => a.minuteOfDay - b.minuteOfDay);
  if (pts.length === 0) return section('coverage', t.coverage, note(t.noCoverage));
  const series = ([['road60', 1], ['road180', 3], ['road300', 5]] as const).map(([key, minutes]) => ({
    name: t.ring(minutes),
    className: `ring-${minutes}`,
    points: pts.map((p) => [p.minuteOfDay / 60, p[key] * 100] as const),
  }));
  const svg = lineChartSvg({
    title: t.coverage,
    series,
    xDomain: [0, 24],
    yDomain: [0, 100],
    xTicks: [0, 3, 6, 9, 12, 15, 18, 21, 24],
    yTicks: [0, 20, 40, 60, 80, 100],
    xTickFormat: (h) => `${String(h).padStart(2, '0')}:00`,
    yTickFormat: (v) => `${v}%`,
    xLabel: t.coverageAxisX,
    yLabel: t.coverageAxisY,
  });
  return section('coverage', t.coverage, `<figure>${svg}</figure>${note(t.coverageNote, 'note')}`);
}

/** Busiest first; units with an unknown load last; ties by id for a stable page. */
function byLoad(a: UnitWorkload, b: UnitWorkload): number {
  const fa = Number.isFinite(a.busyFraction) ? a.busyFraction : -Infinity;
  const fb = Number.isFinite(b.busyFraction) ? b.busyFraction : -Infinity;
  if (fa !== fb) return fb - fa;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function workloadSection(input: RunReportInput, t: ReportText): string {
  if (input.units.length === 0) return section('workload', t.workload, note(t.noUnits));
  const units = [...input.units].sort(byLoad);
  const svg = horizontalBarSvg({
    title: t.workload,
    bars: units.map((u) => ({
      label: `${u.id} (${u.kind})`,
      value: u.busyFraction * 100,
      valueLabel: t.workloadValue(fmtPct(u.busyFraction, 0), u.dispatches),
      className: u.busyFraction >= HIGH_LOAD ? 'high' : undefined,
    })),
    domain: [0, 100],
    ticks: [0, 20, 40, 60, 80, 100],
    tickFormat: (v) => `${v}%`,
    xLabel: t.workloadAxisX,
  });
  return section('workload', t.workload, `<figure>${svg}</figure>${note(t.workloadNote, 'note')}`);
}

function zoneSection(zones: ZoneCoverage[], t: ReportText): string {
  if (zones.length === 0) return section('zones', t.zones, note(t.noData));
  const sorted = [...zones].sort((a, b) => {
    const fa = Number.isFinite(a.within180) ? a.within180 : Infinity;
    const fb = Number.isFinite(b.within180) ? b.within180 : Infinity;
    return fa !== fb ? fa - fb : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const rows = sorted.map((z) => [z.id, z.name, fmtPct(z.within180)]);
  return section('zones', t.zones, table('zones', [t.zoneId, t.zoneName, t.zoneWithin180], rows, [2]) + note(t.zoneNote, 'note'));
}

// ---------------------------------------------------------------- page

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2933; background: #f5f7fa; }
main { max-width: 820px; margin: 0 auto; padding: 24px 20px 40px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #cbd2d9; }
.meta { color: #616e7c; margin: 0; }
.meta span + span::before { content: " · "; }
figure { margin: 0; }
svg.chart { display: block; max-width: 100%; height: auto; font-size: 11px; }
table { border-collapse: collapse; margin: 10px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid #cbd2d9; text-align: left; }
th { background: #f0f4f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.no-data { padding: 16px; color: #616e7c; background: #f0f4f8; border-radius: 4px; }
.note { color: #616e7c; font-size: 12px; margin: 6px 0; }
footer { margin-top: 32px; color: #616e7c; font-size: 12px; }
.axis-line, .tick { stroke: #7b8794; stroke-width: 1; }
.grid { stroke: #e4e7eb; stroke-width: 1; }
.tick-label, .bar-label, .bar-value, .legend text { fill: #3e4c59; }
.axis-label { fill: #616e7c; font-size: 12px; }
.bar { fill: #3e7cb1; }
.hbar { fill: #3e7cb1; }
.hbar.high { fill: #e07b24; }
.marker line { stroke: #52606d; stroke-width: 1.5; stroke-dasharray: 4 3; }
.marker text { fill: #52606d; font-size: 11px; }
.marker.target line { stroke: #c81e1e; stroke-dasharray: none; }
.marker.target text { fill: #c81e1e; }
.series { fill: none; stroke-width: 2; }
circle.series { stroke-width: 0; }
.ring-1 { stroke: #c81e1e; fill: #c81e1e; }
.ring-3 { stroke: #e07b24; fill: #e07b24; stroke-dasharray: 6 3; }
.ring-5 { stroke: #3e7cb1; fill: #3e7cb1; stroke-dasharray: 2 3; }
polyline.series, line.series { fill: none; }
@media print { body { background: #fff; } main { padding: 0; } section { break-inside: avoid; } }
`;

/**
 * Renders one run as a complete HTML document (UTF-8). Chinese by default; `{ lang: 'en' }` for
 * English. Sections without data show a short note instead of an empty chart.
 */
export function renderRunReport(input: RunReportInput, options: RenderReportOptions = {}): string {
  const t = reportText(options.lang ?? 'zh');
  const meta = [
    `<span>${esc(t.scenario)}: ${esc(input.scenario)}</span>`,
    `<span>${esc(t.seed)}: ${esc(fmtNumber(input.seed, 0))}</span>`,
    `<span>${esc(t.days)}: ${esc(fmtNumber(input.days))}</span>`,
  ].join('');
  const body = [
    `<header><h1>${esc(input.title)}</h1><p class="meta">${meta}</p></header>`,
    kpiSection(input, t),
    responseSection(input, t),
    coverageSection(input, t),
    workloadSection(input, t),
    input.zones ? zoneSection(input.zones, t) : '',
    `<footer>${esc(t.footer)}</footer>`,
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${t.htmlLang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(input.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    `<body><main>\n${body}\n</main></body>`,
    '</html>',
    '',
  ].join('\n');
}
