import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IncidentList } from '../../shared/incident-schema.ts';
import { sampleIncidents } from './fixtures/sample-incidents.ts';
import { IncidentListError } from './incident.ts';
import { readIncidentCsv, type ReadListOptions } from './read-list.ts';

const fixture = readFileSync(new URL('./fixtures/calls-unusual.csv', import.meta.url), 'utf8');
const cfg = sampleIncidents();
const LIST = cfg.list!;
const read = (text: string, opts: ReadListOptions, list: IncidentList = LIST) => readIncidentCsv(text, list, cfg.categories, cfg.priorities, opts);
const caught = (f: () => unknown): IncidentListError => {
  try {
    f();
  } catch (e) {
    if (e instanceof IncidentListError) return e;
    throw e;
  }
  throw new Error('expected an IncidentListError');
};
/** 2024-02-29 00:00 in +08:00: local midnight of the earliest good call (row 12). */
const START = Date.UTC(2024, 1, 28, 16, 0);
const at = (day: number, h: number, m: number, s = 0) => day * 86400 + h * 3600 + m * 60 + s;

describe('readIncidentCsv on the unusual fixture', () => {
  it('the fixture has the traps it is meant to have', () => {
    expect(fixture.charCodeAt(0)).toBe(0xfeff);
    expect(fixture).toContain('\r\n');
    expect(fixture).toMatch(/"[^"\n]*\n[^"]*"/); // a quoted field spanning lines
  });

  it('reads the good rows with mapped columns, in time order', () => {
    const r = read(fixture, { skipBadRows: true });
    expect(r.startEpochMs).toBe(START);
    expect(r.incidents.map((x) => [x.id, x.row, x.t])).toEqual([
      ['JJ010', 12, at(0, 23, 59, 59)],
      ['JJ001', 2, at(1, 8, 15)],
      ['JJ002', 3, at(1, 9, 5)],
      ['JJ003', 4, at(1, 10, 30)],
      ['JJ004', 6, at(1, 10, 45)], // 02:45Z is 10:45 in Beijing
      ['JJ011', 14, at(1, 13, 20)],
    ]);
    const byId = new Map(r.incidents.map((x) => [x.id, x]));
    expect(byId.get('JJ001')).toMatchObject({ lon: 117.6012, lat: 26.2493, category: 'crime', priority: 1, onSceneSeconds: 45 * 60, unitsNeeded: 2, source: 'list' });
    expect(byId.get('JJ002')).toMatchObject({ category: 'dispute', priority: 2, unitsNeeded: 2 }); // 纠纷 is dispute's name
    expect(byId.get('JJ003')).toMatchObject({ category: 'traffic', priority: 3, onSceneSeconds: 20 * 60 });
    expect(byId.get('JJ010')).toMatchObject({ category: 'assistance', priority: 3 }); // 求助 by name, level "3"
    expect(byId.get('JJ011')).toMatchObject({ category: 'traffic', priority: 2, unitsNeeded: 3 }); // "Traffic" by nameEn
  });

  it('fills in what the file leaves out', () => {
    const r = read(fixture, { skipBadRows: true, seed: 5 });
    const jj004 = r.incidents.find((x) => x.id === 'JJ004')!;
    // No category: `other`; no priority: other's most likely level (3); other's time on scene is fixed 15 min.
    expect(jj004).toMatchObject({ category: 'other', priority: 3, onSceneSeconds: 900, unitsNeeded: 1 });
    const jj002 = r.incidents.find((x) => x.id === 'JJ002')!;
    expect(jj002.onSceneSeconds).toBeGreaterThan(0);
    // Draws are per row and seeded: the same seed gives the same value, another seed another.
    expect(read(fixture, { skipBadRows: true, seed: 5 }).incidents).toEqual(r.incidents);
    expect(read(fixture, { skipBadRows: true, seed: 6 }).incidents.find((x) => x.id === 'JJ002')!.onSceneSeconds).not.toBe(jj002.onSceneSeconds);
  });

  it('reports every bad row with its line number, field and reason', () => {
    const r = read(fixture, { skipBadRows: true });
    expect(r.skipped).toBe(5);
    expect(r.problems.map((p) => [p.row, p.field])).toEqual([
      [7, 'time'],
      [8, 'lon'],
      [9, 'lon'],
      [10, 'category'],
      [11, 'onSceneMinutes'],
    ]);
    expect(r.problems[0].reason).toBe('"2024-02-30 10:00:00" is not a valid date: February 2024 has 29 days, not 30');
    expect(r.problems[1].reason).toBe('"NaN" is not a number');
    expect(r.problems[2].reason).toBe('200 is outside -180..180');
    expect(r.problems[3].reason).toMatch(/^unknown category "外星人入侵"; expected one of crime, public_order/);
    expect(r.problems[4].reason).toBe('-5 is negative');
  });

  it('throws without skipBadRows, listing every bad row', () => {
    const e = caught(() => read(fixture, { skipBadRows: false }));
    expect(e.file).toBe('calls-unusual.csv');
    expect(e.problems).toHaveLength(5);
    const lines = e.message.split('\n');
    expect(lines[0]).toBe('calls-unusual.csv: 5 bad rows of 11; fix them or skip them (skipBadRows)');
    expect(lines.slice(1)).toEqual([
      'calls-unusual.csv row 7: time: "2024-02-30 10:00:00" is not a valid date: February 2024 has 29 days, not 30',
      'calls-unusual.csv row 8: lon: "NaN" is not a number',
      'calls-unusual.csv row 9: lon: 200 is outside -180..180',
      expect.stringMatching(/^calls-unusual\.csv row 10: category: unknown category "外星人入侵"/),
      'calls-unusual.csv row 11: onSceneMinutes: -5 is negative',
    ]);
  });

  it('reads naive times in the list timezone, and leaves times with an offset alone', () => {
    const start = Date.UTC(2024, 1, 29, 0, 0);
    const beijing = read(fixture, { skipBadRows: true, scenarioStart: start });
    const utc = read(fixture, { skipBadRows: true, scenarioStart: start }, { ...LIST, timezone: '+00:00' });
    const t = (r: typeof beijing, id: string) => r.incidents.find((x) => x.id === id)!.t;
    expect(t(utc, 'JJ001') - t(beijing, 'JJ001')).toBe(8 * 3600); // naive: 8 h later in UTC
    expect(t(utc, 'JJ011') - t(beijing, 'JJ011')).toBe(8 * 3600);
    expect(t(utc, 'JJ003')).toBe(t(beijing, 'JJ003')); // +08:00 in the file
    expect(t(utc, 'JJ004')).toBe(t(beijing, 'JJ004')); // Z in the file
    expect(t(beijing, 'JJ004')).toBe(at(1, 2, 45));
  });

  it('measures from a given scenario start, and reports calls before it', () => {
    const r = read(fixture, { skipBadRows: true, scenarioStart: '2024-03-01 00:00' });
    expect(r.startEpochMs).toBe(Date.UTC(2024, 1, 29, 16, 0));
    expect(r.incidents[0]).toMatchObject({ id: 'JJ001', t: at(0, 8, 15) });
    expect(r.problems.find((p) => p.row === 12)).toMatchObject({ field: 'time', reason: expect.stringMatching(/before the scenario start/) });
    expect(r.skipped).toBe(6);
    expect(read(fixture, { skipBadRows: true, scenarioStart: new Date(START) }).incidents).toEqual(read(fixture, { skipBadRows: true }).incidents);
  });
});

describe('readIncidentCsv on small files', () => {
  const list: IncidentList = { file: 'calls.csv', columns: { time: 'time', lon: 'x', lat: 'y' } };

  it('names a missing header and lists the headers found', () => {
    const e = caught(() => read('\ufeff时间,经度,纬度\n2024-03-01 08:00,117.6,26.2\n', { skipBadRows: true }, { ...list, columns: { time: '接警时间', lon: '经度', lat: '纬度', category: '警情类别' } }));
    expect(e.message).toBe(
      'calls.csv: no column "接警时间" (columns.time); no column "警情类别" (columns.category). The header has 3 columns: "时间", "经度", "纬度"',
    );
  });

  it('matches headers ignoring case and surrounding spaces, but not two at once', () => {
    const r = read(' Time ,X,y\n2024-03-01 08:00,117.6,26.2\n', { skipBadRows: false }, list);
    expect(r.incidents).toHaveLength(1);
    expect(() => read('time,x,x,y\n', { skipBadRows: false }, list)).toThrow(/2 columns are named "x"/);
  });

  it('gives the defaults when there are no category or priority columns', () => {
    const r = read('time,x,y\n2024-03-01 08:00,117.6,26.2\n', { skipBadRows: false }, list);
    expect(r.incidents[0]).toMatchObject({ category: 'other', priority: 3, id: 'calls.csv:2', t: 8 * 3600 });
    const noOther = readIncidentCsv('time,x,y\n2024-03-01 08:00,117.6,26.2\n', list, cfg.categories.slice(0, 2), cfg.priorities, { skipBadRows: false });
    expect(noOther.incidents[0]).toMatchObject({ category: 'crime', priority: 1 });
  });

  it('reads epochs, other delimiters and explicit patterns', () => {
    const tsv = read('time\tx\ty\n1709252100\t117.6\t26.2\n', { skipBadRows: false }, { ...list, delimiter: '\t', timeFormat: 'epoch-seconds' });
    expect(tsv.startEpochMs + tsv.incidents[0].t * 1000).toBe(1709252100_000);
    const cn = read('time;x;y\n2024年3月1日 8时05分;117,6;26.2\n', { skipBadRows: true }, { ...list, delimiter: ';', timeFormat: 'YYYY年M月D日 H时mm分' });
    expect(cn.problems).toEqual([{ row: 2, field: 'lon', reason: '"117,6" is not a number' }]);
  });

  it('checks every field of a row and the field count', () => {
    const text = ['time,x,y', ',,', '2024-03-01 08:00,117.6', '2024-03-01 08:00,abc,95', '2024-03-01 08:00,117.6,26.2'].join('\n');
    const r = read(text, { skipBadRows: true }, list);
    expect(r.incidents).toHaveLength(1);
    expect(r.skipped).toBe(3);
    expect(r.problems).toEqual([
      { row: 2, field: 'time', reason: 'missing' },
      { row: 2, field: 'lon', reason: 'missing' },
      { row: 2, field: 'lat', reason: 'missing' },
      { row: 3, field: 'row', reason: 'has 2 fields; the header has 3 (an unquoted delimiter inside a value?)' },
      { row: 3, field: 'lat', reason: 'missing' },
      { row: 4, field: 'lon', reason: '"abc" is not a number' },
      { row: 4, field: 'lat', reason: '95 is outside -90..90' },
    ]);
  });

  it('checks priorities, units and ids', () => {
    const l: IncidentList = { ...list, columns: { ...list.columns, priority: 'p', units: 'u', id: 'id' }, priorityMap: { 紧急: 1 } };
    const text = ['id,time,x,y,p,u', 'a,2024-03-01 08:00,117.6,26.2,紧急,2', 'b,2024-03-01 08:00,117.6,26.2,9,1', 'a,2024-03-01 09:00,117.6,26.2,1,0'].join('\n');
    const r = read(text, { skipBadRows: true }, l);
    expect(r.incidents.map((x) => [x.id, x.priority, x.unitsNeeded])).toEqual([['a', 1, 2]]);
    expect(r.problems).toEqual([
      { row: 3, field: 'priority', reason: 'unknown priority "9"; expected a level 1, 2, 3, or add it to priorityMap' },
      { row: 4, field: 'units', reason: '"0" is not a whole number of units ≥ 1' },
      { row: 4, field: 'id', reason: '"a" is also the id of row 2' },
    ]);
  });

  it('keeps file order for calls at the same time', () => {
    const text = ['time,x,y', '2024-03-01 08:00,117.1,26.2', '2024-03-01 07:00,117.2,26.2', '2024-03-01 08:00,117.3,26.2'].join('\n');
    expect(read(text, { skipBadRows: false }, list).incidents.map((x) => x.lon)).toEqual([117.2, 117.1, 117.3]);
  });

  it('fails on malformed CSV, an empty file and unusable settings', () => {
    expect(() => read('time,x,y\n"2024-03-01,1,2\n', { skipBadRows: true }, list)).toThrow('calls.csv: line 2: a quoted field is never closed');
    expect(() => read('', { skipBadRows: true }, list)).toThrow('calls.csv: the file is empty; expected a header row');
    expect(() => read('time,x,y\n', { skipBadRows: true }, { ...list, timeFormat: 'HH:mm' })).toThrow(/has no year, month, day/);
    expect(() => read('time,x,y\n', { skipBadRows: true }, { ...list, categoryMap: { 盗窃: 'theft' } })).toThrow(/"theft", which is not defined/);
  });
});
