// `xunfang run` and `xunfang replay`: one simulation of a scenario (its incident model, or a
// historic call list), with a progress bar, a KPI table, result.json and optionally an HTML
// report with charts.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readIncidentCsv, type Incident } from '../../sim/incidents/index.ts';
import { runSimulation, type RunInput } from '../../sim/des/run.ts';
import type { SimResult } from '../../sim/des/result.ts';
import { UNIT_KINDS, UNIT_KIND_NAMES, type UnitKind } from '../../shared/fleet-schema.ts';
import { renderRunReport } from '../report/html-report.ts';
import type { ReportLang } from '../report/report-types.ts';
import { loadScenarioArg } from '../scenario/scenario-routing.ts';
import { simInput } from '../scenario/sim-input.ts';
import { UsageError } from './options.ts';
import { createProgress } from './progress.ts';

export function parseSeed(v: string | undefined, field = '--seed'): number {
  const n = Number(v ?? '1');
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new UsageError(field, `must be an integer 0–4294967295, got "${v}"`);
  return n;
}

export function parseDays(v: string | undefined, field = '--days'): number {
  const n = Number(v ?? '1');
  if (!Number.isFinite(n) || n <= 0 || n > 3660) throw new UsageError(field, `must be a number of days in (0, 3660], got "${v}"`);
  return n;
}

export function parseSampleEvery(v: string | undefined, field = '--sample-every'): number {
  const n = Number(v ?? '60');
  if (!Number.isFinite(n) || n < 0 || n > 86400) throw new UsageError(field, `must be seconds in 0–86400 (0 = no coverage sampling), got "${v}"`);
  return n;
}

export function parseLang(v: string | undefined): ReportLang {
  const l = v ?? 'zh';
  if (l !== 'zh' && l !== 'en') throw new UsageError('--lang', `must be zh or en, got "${l}"`);
  return l;
}

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const sec = (x: number | null) => (x === null ? '–' : `${x.toFixed(0)} s`);

/** The KPI table printed after a run. */
export function kpiTable(r: SimResult, wallMs: number): string {
  const k = r.kpis;
  const rows: [string, string][] = [
    ['incidents', `${k.incidents} (${k.unserved} unserved)`],
    ['response mean / p50 / p90 / p95', [k.responseS.mean, k.responseS.p50, k.responseS.p90, k.responseS.p95].map(sec).join(' / ')],
    ['reached within 1 / 3 / 5 min', [k.withinS['60'], k.withinS['180'], k.withinS['300']].map(pct).join(' / ')],
    ['reached within priority target', pct(k.withinTarget)],
    ['queued fraction / mean queue wait', `${pct(k.queuedFraction)} / ${sec(k.meanQueueWaitS)}`],
    ['unit utilisation / workload CV', `${pct(k.utilization)} / ${k.workloadCv ?? '–'}`],
    ['dispatches crossing zones', pct(k.crossZoneShare)],
    ['road within 1 / 3 / 5-min rings', ['60', '180', '300'].map((s) => pct(k.coverage.road[s] ?? null)).join(' / ')],
    ['hotspot demand within rings', ['60', '180', '300'].map((s) => pct(k.coverage.hotspots[s] ?? null)).join(' / ')],
    ['visibility (patrol ≤ 200 m of hotspots)', pct(k.visibility)],
  ];
  for (const p of r.byPriority) {
    rows.push([`priority ${p.priority}: p90 / within ${p.targetS === null ? '–' : `${p.targetS / 60} min`}`, `${sec(p.responseS.p90)} / ${pct(p.withinTarget)}`]);
  }
  const w = Math.max(...rows.map(([a]) => a.length));
  const simSeconds = r.days * 86400;
  const speed = wallMs > 0 ? simSeconds / (wallMs / 1000) : 0;
  return [
    `${r.scenario}: seed ${r.seed}, ${r.days} day${r.days === 1 ? '' : 's'}, ${r.incidentSource === 'list' ? 'historic call list' : 'incident model'}`,
    ...rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`),
    `  ${r.events.toLocaleString('en-US')} events in ${(wallMs / 1000).toFixed(1)} s (${Math.round(r.events / Math.max(wallMs / 1000, 1e-3)).toLocaleString('en-US')} events/s, ${Math.round(speed).toLocaleString('en-US')}× real time)`,
  ].join('\n');
}

/** Response times to the second, as the report's response table shows them. */
const wholeSeconds = (s: number | null): number | string => (s === null ? '–' : Math.round(s));

/** A unit kind's name in the report's language (other strings are shown as given). */
const kindName = (kind: string, lang: ReportLang): string => (isUnitKind(kind) ? UNIT_KIND_NAMES[kind][lang] : kind);
const isUnitKind = (kind: string): kind is UnitKind => (UNIT_KINDS as readonly string[]).includes(kind);

/** The HTML report of a run; `title` is the scenario's own title (its name when not given). */
export function reportHtml(r: SimResult, lang: ReportLang, title?: { zh: string; en: string }): string {
  const k = r.kpis;
  const zh = lang === 'zh';
  const place = title ? title[lang] : r.scenario;
  return renderRunReport(
    {
      title: zh ? `巡防仿真报告：${place}` : `Xunfang run report: ${place}`,
      scenario: r.scenario,
      seed: r.seed,
      days: r.days,
      kpis: [
        { label: zh ? '警情数' : 'Incidents', value: k.incidents },
        { label: zh ? '平均响应时间' : 'Mean response', value: wholeSeconds(k.responseS.mean), unit: 's' },
        { label: zh ? 'P90 响应时间' : 'P90 response', value: wholeSeconds(k.responseS.p90), unit: 's' },
        { label: zh ? '3分钟到达率' : 'Reached within 3 min', value: pct(k.withinS['180']) },
        { label: zh ? '5分钟到达率' : 'Reached within 5 min', value: pct(k.withinS['300']) },
        { label: zh ? '按时到达率' : 'Within priority target', value: pct(k.withinTarget) },
        { label: zh ? '排队比例' : 'Queued', value: pct(k.queuedFraction) },
        { label: zh ? '警力利用率' : 'Utilisation', value: pct(k.utilization) },
        { label: zh ? '3分钟圈道路覆盖' : 'Road within 3-min rings', value: pct(k.coverage.road['180'] ?? null) },
        { label: zh ? '见警率（热点200米内）' : 'Visibility (hotspots ≤ 200 m)', value: pct(k.visibility) },
      ],
      responseTimesSeconds: r.incidents.flatMap((i) => (i.responseS === null ? [] : [i.responseS])),
      targetSeconds: 300,
      coverageOverDay: r.coverageOverDay.map((c) => ({
        minuteOfDay: c.minuteOfDay,
        road60: (c as Record<string, number | null>).road60 ?? 0,
        road180: (c as Record<string, number | null>).road180 ?? 0,
        road300: (c as Record<string, number | null>).road300 ?? 0,
      })),
      units: r.units.map((u) => ({ id: u.id, kind: kindName(u.type, lang), busyFraction: u.busyFraction, dispatches: u.dispatches })),
      zones: r.byZone.flatMap((z) => {
        const w = z.coverage['180'];
        return w === null || w === undefined ? [] : [{ id: z.id, name: z.name, within180: w }];
      }),
    },
    { lang },
  );
}

export interface RunFlags {
  seed?: string;
  days?: string;
  out?: string;
  report?: string;
  lang?: string;
  sampleEvery?: string;
  quiet?: boolean;
}

async function execute(input: RunInput, flags: RunFlags, days: number, label: string, title: { zh: string; en: string }, incidents?: readonly Incident[]): Promise<SimResult> {
  const seed = parseSeed(flags.seed);
  const sampleEvery = parseSampleEvery(flags.sampleEvery);
  const lang = parseLang(flags.lang);
  const bar = flags.quiet ? null : createProgress({ total: 1000, label });
  const t0 = performance.now();
  const { result } = runSimulation(input, {
    seed,
    days,
    sampleEverySeconds: sampleEvery,
    ...(incidents ? { incidents } : {}),
    ...(bar ? { onProgress: (f: number) => bar.tick(Math.round(f * 1000)) } : {}),
  });
  bar?.done();
  const wallMs = performance.now() - t0;
  const out = flags.out ?? 'result.json';
  await writeFile(out, `${JSON.stringify(result)}\n`);
  process.stdout.write(`${kpiTable(result, wallMs)}\nwrote ${out}\n`);
  if (flags.report) {
    await writeFile(flags.report, reportHtml(result, lang, title));
    process.stdout.write(`wrote ${flags.report}\n`);
  }
  return result;
}

export async function runCommand(scenarioArg: string | undefined, flags: RunFlags): Promise<void> {
  const days = parseDays(flags.days);
  parseSeed(flags.seed);
  parseSampleEvery(flags.sampleEvery);
  parseLang(flags.lang);
  const loaded = await loadScenarioArg(scenarioArg);
  await execute(simInput(loaded), flags, days, `simulating ${loaded.scenario.name}`, loaded.scenario.title);
}

export async function replayCommand(scenarioArg: string | undefined, flags: RunFlags & { calls?: string; skipBadRows?: boolean }): Promise<void> {
  parseSeed(flags.seed);
  parseSampleEvery(flags.sampleEvery);
  parseLang(flags.lang);
  const loaded = await loadScenarioArg(scenarioArg);
  const cfg = loaded.scenario.incidents;
  if (!cfg?.list) throw new UsageError('scenario', 'has no incidents.list (the column mapping of the call list); add one to replay a historic day');
  let text = loaded.incidentListText ?? '';
  let file = cfg.list.file;
  if (flags.calls) {
    file = flags.calls;
    text = await readFile(flags.calls, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError('--calls', `cannot read ${flags.calls}: ${err.code ?? err.message}`);
    });
  }
  const read = readIncidentCsv(text, { ...cfg.list, file: path.basename(file) }, cfg.categories, cfg.priorities, {
    skipBadRows: flags.skipBadRows === true,
    seed: parseSeed(flags.seed),
  });
  for (const p of read.problems) process.stderr.write(`skipped ${path.basename(file)} row ${p.row}: ${p.field}: ${p.reason}\n`);
  if (read.incidents.length === 0) throw new UsageError('--calls', `${path.basename(file)} has no usable calls`);
  const last = read.incidents[read.incidents.length - 1].t;
  // Run to the end of the last call's day, and at least until it could be cleared.
  const days = flags.days ? parseDays(flags.days) : Math.max(1, Math.ceil((last + 4 * 3600) / 86400));
  await execute(simInput(loaded), flags, days, `replaying ${read.incidents.length} calls`, loaded.scenario.title, read.incidents);
}
