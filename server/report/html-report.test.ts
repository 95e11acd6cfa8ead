import { describe, expect, it } from 'vitest';
import { renderRunReport } from './html-report.ts';
import type { RunReportInput } from './report-types.ts';

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** Checks that every non-void tag is closed in order; returns the problems found. */
function tagProblems(html: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  const body = html.replace(/<!DOCTYPE[^>]*>/i, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    const tag = name.toLowerCase();
    if (selfClosing || VOID.has(tag)) continue;
    if (!closing) stack.push(tag);
    else if (stack.pop() !== tag) problems.push(`unexpected </${tag}>`);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;

function fullInput(): RunReportInput {
  const responseTimesSeconds = [30, 75, 95, 130, 170, 200, 250, 310, 420, 610];
  const coverageOverDay = Array.from({ length: 96 }, (_, i) => ({
    minuteOfDay: i * 15,
    road60: 0.05 + 0.02 * Math.sin(i / 10),
    road180: 0.4 + 0.1 * Math.sin(i / 10),
    road300: 0.8 + 0.1 * Math.sin(i / 10),
  }));
  return {
    title: '三明 基线方案 <测试>',
    scenario: 'sanming',
    seed: 42,
    days: 7,
    kpis: [
      { label: '警情总数', value: 1234 },
      { label: '平均响应时间', value: 212.456, unit: '秒' },
      { label: 'note', value: 'A & B' },
    ],
    responseTimesSeconds,
    targetSeconds: 240,
    coverageOverDay,
    units: [
      { id: '巡逻1组', kind: 'car', busyFraction: 0.42, dispatches: 31 },
      { id: '<script>alert(1)</script>', kind: 'ebike', busyFraction: 0.91, dispatches: 57 },
      { id: '步巡A', kind: 'foot', busyFraction: 0.12, dispatches: 4 },
    ],
    zones: [
      { id: 'Z1', name: '城关', within180: 0.92 },
      { id: 'Z2', name: '列东 "east"', within180: 0.61 },
    ],
  };
}

describe('renderRunReport', () => {
  it('renders a well-formed page with the three charts', () => {
    const html = renderRunReport(fullInput());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(tagProblems(html)).toEqual([]);
    expect(count(html, /<svg /g)).toBe(3);
    expect(html).toContain('<html lang="zh-CN">');
    for (const heading of ['关键指标', '响应时间分布', '全天覆盖率', '警力工作负荷', '分区覆盖']) expect(html).toContain(heading);
  });

  it('draws 1-minute bins up to the longest response, markers at 60/180/300 s and the target', () => {
    const html = renderRunReport(fullInput());
    // longest 610 s → bins 0..10 (11 bars)
    expect(count(html, /<rect class="bar"/g)).toBe(11);
    expect(count(html, /<g class="marker"/g)).toBe(3);
    expect(count(html, /<g class="marker target"/g)).toBe(1);
    expect(html).toContain('目标 240秒');
  });

  it('keeps at least the 5-minute marker on the axis and caps the bins at 60', () => {
    const short = renderRunReport({ ...fullInput(), responseTimesSeconds: [10, 20], targetSeconds: undefined });
    expect(count(short, /<rect class="bar"/g)).toBe(6);
    const long = renderRunReport({ ...fullInput(), responseTimesSeconds: [10, 20, 99999] });
    expect(count(long, /<rect class="bar"/g)).toBe(60);
    expect(long).toContain('最后一栏包含 59 分钟及以上的全部响应');
  });

  it('draws one point per coverage sample in each of the three ring lines', () => {
    const html = renderRunReport(fullInput());
    const lines = [...html.matchAll(/<polyline class="series (ring-\d)" points="([^"]*)"/g)];
    expect(lines.map((m) => m[1])).toEqual(['ring-1', 'ring-3', 'ring-5']);
    for (const m of lines) expect(m[2].split(' ')).toHaveLength(96);
  });

  it('sorts unit bars by busy share and flags heavy load', () => {
    const html = renderRunReport(fullInput());
    expect(count(html, /<rect class="hbar/g)).toBe(3);
    expect(count(html, /<rect class="hbar high"/g)).toBe(1);
    const order = [...html.matchAll(/<text class="bar-label"[^>]*>[^<]*<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(order).toEqual(['&lt;script&gt;alert(1)&lt;/script&gt; (ebike)', '巡逻1组 (car)', '步巡A (foot)']);
    expect(html).toContain('91% · 57 次出警');
  });

  it('escapes every user string', () => {
    const html = renderRunReport(fullInput());
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<测试>');
    expect(html).toContain('&lt;测试&gt;');
    expect(html).toContain('A &amp; B');
    expect(html).toContain('列东 &quot;east&quot;');
  });

  it('uses no external resources or scripts', () => {
    const html = renderRunReport(fullInput(), { lang: 'en' });
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).not.toMatch(/url\(/);
    expect(html).not.toMatch(/@import/);
    expect(html).toContain("default-src 'none'");
  });

  it('speaks English on request', () => {
    const html = renderRunReport(fullInput(), { lang: 'en' });
    expect(html).toContain('<html lang="en">');
    for (const heading of ['Key figures', 'Response times', 'Coverage over the day', 'Unit workload', 'Zones']) expect(html).toContain(heading);
    expect(html).toContain('91% · 57 dispatches');
    expect(html).not.toContain('响应时间分布');
  });

  it('shows readable notes instead of empty charts, and never NaN', () => {
    for (const lang of ['zh', 'en'] as const) {
      const html = renderRunReport(
        { title: 't', scenario: 's', seed: 1, days: 0, kpis: [], responseTimesSeconds: [], coverageOverDay: [], units: [], zones: [] },
        { lang },
      );
      expect(tagProblems(html)).toEqual([]);
      expect(html).not.toContain('NaN');
      expect(count(html, /<svg /g)).toBe(0);
      expect(count(html, /class="no-data"/g)).toBe(5);
    }
    expect(renderRunReport({ ...fullInput(), responseTimesSeconds: [] })).toContain('本次运行没有响应时间数据');
  });

  it('survives non-finite numbers without NaN in the output', () => {
    const input = fullInput();
    input.responseTimesSeconds = [NaN, Infinity, -5, 120];
    input.targetSeconds = NaN;
    input.kpis = [{ label: 'x', value: NaN }];
    input.coverageOverDay = [{ minuteOfDay: NaN, road60: 1, road180: 1, road300: 1 }, { minuteOfDay: 60, road60: NaN, road180: 0.5, road300: 2 }];
    input.units = [{ id: 'u', kind: 'car', busyFraction: NaN, dispatches: 0 }];
    input.zones = [{ id: 'z', name: 'n', within180: NaN }];
    input.seed = NaN;
    const html = renderRunReport(input);
    expect(html).not.toContain('NaN');
    expect(html).not.toContain('Infinity');
    expect(html).toContain('另有 3 个无效值');
    expect(tagProblems(html)).toEqual([]);
  });
});
