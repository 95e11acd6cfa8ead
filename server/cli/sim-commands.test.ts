// run, replay and compare as a user meets them, on a small generated town with a hand-written
// historic call list (server/cli/fixtures/replay-town).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.ts';

const town = fileURLToPath(new URL('./fixtures/replay-town', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xunfang-sim-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const json = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

/** A copy of the town with its scenario.json changed. */
function variant(name: string, change: (s: Record<string, any>) => void): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const dir = path.join(tmp, name);
  cpSync(town, dir, { recursive: true });
  const s = json(path.join(dir, 'scenario.json'));
  change(s);
  s.$schema = undefined;
  writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify(s));
  return dir;
}

describe('xunfang run', () => {
  it('prints the KPI table with the seed, writes result.json in the documented shape and an HTML report', async () => {
    const out = path.join(tmp, 'result.json'), report = path.join(tmp, 'report.html');
    const r = await runCli('run', town, '--seed', '4', '--days', '1', '--out', out, '--report', report, '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/replay-town: seed 4, 1 day, incident model/);
    expect(r.out).toMatch(/response mean \/ p50 \/ p90 \/ p95/);
    expect(r.out).toMatch(/events\/s, [\d,]+× real time/);
    const res = json(out);
    expect(res.seed).toBe(4);
    expect(res.days).toBe(1);
    for (const k of ['incidents', 'responseS', 'withinS', 'queuedFraction', 'meanQueueWaitS', 'utilization', 'coverage']) expect(res.kpis).toHaveProperty(k);
    expect(Object.keys(res.kpis.withinS)).toEqual(['60', '180', '300']);
    expect(Object.keys(res.kpis.coverage.road)).toEqual(['60', '180', '300']);
    expect(res.units[0]).toMatchObject({ id: 'car-1', type: 'patrol_car' });
    expect(res.units[0]).toHaveProperty('busyFraction');
    expect(res.units[0]).toHaveProperty('dispatches');
    expect(res.incidents.length).toBe(res.kpis.incidents);
    for (const k of ['id', 't', 'priority', 'category', 'lon', 'lat', 'queuedS', 'dispatchedAt', 'arrivedAt', 'clearedAt', 'unitIds', 'responseS']) {
      expect(res.incidents[0]).toHaveProperty(k);
    }
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/响应时间/);
    // The scenario's own title and the units' kinds, in Chinese.
    const title = JSON.parse(readFileSync(path.join(town, 'scenario.json'), 'utf8')).title;
    expect(html).toContain(`<h1>巡防仿真报告：${title.zh}</h1>`);
    expect(html).toContain('car-1 (巡逻车)');
    expect(html).not.toContain('(patrol_car)');
  });

  it('writes the report in English with --lang en', async () => {
    const report = path.join(tmp, 'report-en.html');
    const r = await runCli('run', town, '--seed', '4', '--days', '0.5', '--out', path.join(tmp, 'en.json'), '--report', report, '--lang', 'en', '--quiet');
    expect(r.code).toBe(0);
    const html = readFileSync(report, 'utf8');
    const title = JSON.parse(readFileSync(path.join(town, 'scenario.json'), 'utf8')).title;
    expect(html).toContain(`<h1>Xunfang run report: ${title.en}</h1>`);
    expect(html).toContain('car-1 (patrol car)');
    expect(html).toMatch(/<html lang="en"/);
  });

  it('gives the same result.json for the same seed', async () => {
    const a = path.join(tmp, 'a.json'), b = path.join(tmp, 'b.json');
    await runCli('run', town, '--seed', '9', '--days', '0.5', '--out', a, '--quiet');
    await runCli('run', town, '--seed', '9', '--days', '0.5', '--out', b, '--quiet');
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
  });

  it.each([
    [['--days', '0'], /--days: must be a number of days/],
    [['--seed', '-3'], /--seed: must be an integer/],
    [['--sample-every', 'often'], /--sample-every: must be seconds/],
    [['--lang', 'fr'], /--lang: must be zh or en/],
  ])('refuses %j naming the flag', async (extra, message) => {
    const r = await runCli('run', town, '--quiet', '--out', path.join(tmp, 'never.json'), ...extra);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(path.join(tmp, 'never.json'))).toBe(false);
  });

  it('names impossible shifts, posts off the road, zones without roads and negative rates', async () => {
    const bad = variant('bad', (s) => {
      s.units[1].shifts = [{ start: '08:00', end: '08:00' }];
      s.units.push({ id: 'post-far', kind: 'patrol_car', station: 'S1', assignment: { type: 'post', lon: 117.7, lat: 26.3 } });
      s.patrolZones.push({ id: 'lake', name: '湖', category: 'district', geometry: { type: 'Polygon', coordinates: [[[117.70, 26.30], [117.71, 26.30], [117.71, 26.31], [117.70, 26.30]]] } });
      s.incidents.model.callsPerDay = -5;
    });
    const r = await runCli('run', bad, '--quiet', '--out', path.join(tmp, 'never.json'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/units\[1\]\.shifts\[0\]: starts and ends at 08:00/);
    expect(r.err).toMatch(/incidents\.model\.callsPerDay/);
    const v = await runCli('validate', bad);
    expect(v.code).toBe(1);
    const both = variant('bad2', (s) => {
      s.units.push({ id: 'post-far', kind: 'patrol_car', station: 'S1', assignment: { type: 'post', lon: 117.7, lat: 26.3 } });
      s.patrolZones.push({ id: 'lake', name: '湖', category: 'district', geometry: { type: 'Polygon', coordinates: [[[117.70, 26.30], [117.71, 26.30], [117.71, 26.31], [117.70, 26.30]]] } });
    });
    const r2 = await runCli('validate', both);
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/units\[3\]\.assignment: post is off the road network/);
    expect(r2.err).toMatch(/patrolZones\[1\]\.geometry: no road inside this zone/);
  });
});

describe('xunfang replay', () => {
  it('refuses a call list with bad rows, naming each row and reason, and writes nothing', async () => {
    const out = path.join(tmp, 'replay-none.json');
    const r = await runCli('replay', town, '--out', out, '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/calls\.csv row 9: time: "2024\/02\/30 14:20" is not a valid date/);
    expect(r.err).toMatch(/calls\.csv row 10: lon: "abc" is not a number/);
    expect(r.err).toMatch(/--skip-bad-rows/);
    expect(existsSync(out)).toBe(false);
  });

  it('with --skip-bad-rows, reports and skips them, and runs the rest through the engine', async () => {
    const out = path.join(tmp, 'replay.json');
    const r = await runCli('replay', town, '--skip-bad-rows', '--out', out, '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/skipped calls\.csv row 9/);
    expect(r.err).toMatch(/skipped calls\.csv row 10/);
    const res = json(out);
    expect(res.incidentSource).toBe('list');
    expect(res.kpis.incidents).toBe(10);
    const robbery = res.incidents.find((i: { id: string }) => i.id === 'JJ20240311-004');
    expect(robbery).toMatchObject({ category: 'crime', priority: 1 });
    // 07:42 local on the first day of the list.
    expect(res.incidents[0].t).toBe(7 * 3600 + 42 * 60);
    expect(res.incidents.every((i: { arrivedAt: number | null }) => i.arrivedAt !== null)).toBe(true);
  });

  it('takes another list with --calls and says when the scenario has no column mapping', async () => {
    const csv = path.join(tmp, 'other.csv');
    writeFileSync(csv, '接警单号,报警时间,经度（WGS84）,纬度（WGS84）,警情类型,紧急程度,处置时长/分\nX1,2024/05/01 09:00,117.62,26.26,盗窃,特急,30\n');
    const r = await runCli('replay', town, '--calls', csv, '--out', path.join(tmp, 'other.json'), '--quiet');
    expect(r.code).toBe(0);
    expect(json(path.join(tmp, 'other.json')).kpis.incidents).toBe(1);
    const noList = variant('nolist', (s) => delete s.incidents.list);
    const r2 = await runCli('replay', noList, '--quiet');
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/has no incidents\.list/);
  });
});

describe('xunfang compare', () => {
  it('runs K seeds of each scenario and marks significant differences', async () => {
    const fewer = variant('fewer', (s) => {
      s.units = s.units.slice(2); // only the foot patrol left
      s.incidents.model.callsPerDay = 80;
    });
    const out = path.join(tmp, 'cmp.json');
    const r = await runCli('compare', town, fewer, '--seeds', '4', '--days', '0.5', '--sample-every', '600', '--out', out, '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/4 seeds each/);
    expect(r.out).toMatch(/mean response/);
    const cmp = json(out);
    const mean = cmp.kpis.find((k: { id: string }) => k.id === 'responseS.mean');
    expect(mean.a.n).toBe(4);
    expect(mean.difference.diff).toBeGreaterThan(0); // walking is slower than driving
    expect(mean.difference.significant).toBe(true);
    expect(r.out).toMatch(/\* worse/);
  });

  it('needs at least two seeds', async () => {
    const r = await runCli('compare', town, town, '--seeds', '1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--seeds: must be an integer 2–1000/);
  });
});
