import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { IncidentsSchema, type IncidentsConfig } from '../../shared/incident-schema.ts';
import { checkIncidents } from './check-incidents.ts';
import { sampleIncidents } from './fixtures/sample-incidents.ts';

/** The sample, changed by `edit`; returns the problems as `path: reason` lines. */
function problemsAfter(edit: (c: IncidentsConfig) => void): string[] {
  const c = sampleIncidents();
  edit(c);
  return checkIncidents(c).map((p) => `${p.path}: ${p.reason}`);
}

describe('IncidentsSchema', () => {
  it('accepts the sample and rejects unknown keys and bad shapes', () => {
    expect(Value.Check(IncidentsSchema, sampleIncidents())).toBe(true);
    const extra = { ...sampleIncidents(), rate: 3 };
    expect(Value.Check(IncidentsSchema, extra)).toBe(false);
    const short = sampleIncidents();
    short.model!.hourly = [1, 2, 3];
    expect(Value.Check(IncidentsSchema, short)).toBe(false);
    const badDist = sampleIncidents() as unknown as { categories: { onScene: unknown }[] };
    badDist.categories[0].onScene = { dist: 'gamma', shape: 2 };
    expect(Value.Check(IncidentsSchema, badDist)).toBe(false);
    const badTz = sampleIncidents();
    badTz.list!.timezone = 'Asia/Shanghai';
    expect(Value.Check(IncidentsSchema, badTz)).toBe(false);
  });

  it('allows either source alone, and patterns or named time formats', () => {
    const { model: _m, ...listOnly } = sampleIncidents();
    expect(Value.Check(IncidentsSchema, listOnly)).toBe(true);
    const { list: _l, ...modelOnly } = sampleIncidents();
    expect(Value.Check(IncidentsSchema, modelOnly)).toBe(true);
    for (const timeFormat of ['epoch-ms', 'YYYY/M/D H:mm', 'YYYY年MM月DD日 HH:mm']) {
      const c = sampleIncidents();
      c.list!.timeFormat = timeFormat;
      expect(Value.Check(IncidentsSchema, c), timeFormat).toBe(true);
    }
  });
});

describe('checkIncidents', () => {
  it('finds nothing wrong with the sample', () => {
    expect(checkIncidents(sampleIncidents())).toEqual([]);
  });

  it('reports negative, zero and all-zero rates', () => {
    expect(
      problemsAfter((c) => {
        c.model!.callsPerDay = -4;
        c.model!.hourly[3] = -1;
        c.model!.weekly = [0, 0, 0, 0, 0, 0, 0];
        c.model!.backgroundWeight = -2;
      }),
    ).toEqual([
      'incidents.model.callsPerDay: must be > 0, got -4',
      'incidents.model.hourly[3]: must be ≥ 0, got -1',
      'incidents.model.weekly: must not be all 0',
      'incidents.model.backgroundWeight: must be ≥ 0, got -2',
    ]);
    expect(problemsAfter((c) => (c.model!.hourly = new Array(24).fill(0)))).toEqual(['incidents.model.hourly: must not be all 0']);
    expect(problemsAfter((c) => (c.model!.callsPerDay = Number.NaN))).toEqual(['incidents.model.callsPerDay: must be > 0, got NaN']);
    expect(
      problemsAfter((c) => {
        c.model!.backgroundWeight = 0;
        for (const h of c.model!.hotspots!) h.weight = 0;
      }),
    ).toEqual(['incidents.model.backgroundWeight: hotspot weights and backgroundWeight are all 0; calls would have nowhere to happen']);
  });

  it('reports shares that do not sum to 1, within 1e-6', () => {
    expect(problemsAfter((c) => (c.model!.categoryShares.crime = 0.1))).toEqual(['incidents.model.categoryShares: shares must sum to 1, got 1.02']);
    expect(problemsAfter((c) => (c.model!.categoryShares.crime = 0.08 + 5e-7))).toEqual([]);
    expect(problemsAfter((c) => (c.categories[1].priorityShares = [0.2, 0.5, 0.2]))).toEqual([
      'incidents.categories[1].priorityShares: shares must sum to 1, got 0.9',
    ]);
    expect(problemsAfter((c) => (c.categories[0].priorityShares = [0.5, 0.5]))).toEqual([
      'incidents.categories[0].priorityShares: must have one share per priority level (3), got 2',
    ]);
    expect(problemsAfter((c) => (c.categories[1].unitsNeeded = [{ units: 1, share: 0.6 }, { units: 1, share: 0.6 }]))).toEqual([
      'incidents.categories[1].unitsNeeded[1].units: 1 units is listed twice',
      'incidents.categories[1].unitsNeeded: shares must sum to 1, got 1.2',
    ]);
  });

  it('reports unknown and duplicate category ids', () => {
    expect(
      problemsAfter((c) => {
        c.model!.categoryShares = { crime: 0.5, theft: 0.5 };
        c.list!.categoryMap = { 盗窃: 'thief' };
        c.categories[2].id = 'crime';
      }),
    ).toEqual([
      'incidents.categories[2].id: category id "crime" is defined twice',
      'incidents.model.categoryShares.theft: unknown category id "theft"; defined: crime, public_order, dispute, assistance, other',
      'incidents.list.categoryMap["盗窃"]: unknown category id "thief"; defined: crime, public_order, dispute, assistance, other',
    ]);
  });

  it('reports priority levels that are not 1..n, and unknown mapped levels', () => {
    expect(problemsAfter((c) => (c.priorities[2].level = 4))).toEqual([
      'incidents.priorities: levels must run 1..3 without gaps; missing 3',
      'incidents.list.priorityMap["三级"]: unknown priority level 3; defined: 1, 2, 4',
    ]);
    expect(problemsAfter((c) => (c.priorities[1].level = 1))[0]).toBe('incidents.priorities[1].level: level 1 is defined twice');
  });

  it('reports bad distributions, hotspots, list settings and a missing source', () => {
    expect(
      problemsAfter((c) => {
        c.categories[0].onScene = { dist: 'lognormal', medianMinutes: 0, sigma: -1 };
        c.categories[3].unitsNeeded = 1.5;
        c.model!.hotspots![1].radiusMeters = 0;
        c.model!.hotspots![1].id = 'station-square';
        c.list!.timeFormat = 'HH:mm';
        c.list!.timezone = '+15:00';
        c.list!.columns.lat = '经度';
      }),
    ).toEqual([
      'incidents.categories[0].onScene.medianMinutes: must be > 0, got 0',
      'incidents.categories[0].onScene.sigma: must be ≥ 0, got -1',
      'incidents.categories[3].unitsNeeded: must be a whole number ≥ 1, got 1.5',
      'incidents.model.hotspots[1].radiusMeters: must be > 0, got 0',
      'incidents.model.hotspots[1].id: "station-square" is also the id of hotspots[0]',
      'incidents.list.columns.lat: header "经度" is already used for columns.lon',
      'incidents.list.timeFormat: time format "HH:mm" has no year, month, day; use YYYY, MM or M, DD or D, HH or H',
      'incidents.list.timezone: must be a UTC offset such as +08:00 (at most ±14:00), got "+15:00"',
    ]);
    expect(
      problemsAfter((c) => {
        delete c.model;
        delete c.list;
      }),
    ).toEqual(['incidents: needs a model (for run), a list (for replay), or both']);
  });
});
