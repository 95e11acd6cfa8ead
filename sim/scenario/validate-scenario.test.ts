import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../graph/profiles.ts';
import { mergeProfiles, normalizeScenario } from './normalize-scenario.ts';
import { closestKey, pointerToPath } from './schema-problems.ts';
import { formatProblems, namedFiles, validateScenario, type FileStatus, type Problem } from './validate-scenario.ts';

const ring = () => [[117.6, 26.2], [117.61, 26.2], [117.61, 26.21], [117.6, 26.21], [117.6, 26.2]];

/** A small valid scenario; tests break one part of a fresh copy (see good()). */
const GOOD = {
  $schema: '../scenario.schema.json',
  name: 'tiny-town',
  title: { zh: '小镇', en: 'Tiny town' },
  synthetic: true,
  timezone: 'Asia/Shanghai',
  roads: { generate: { seed: 7, center: [117.6, 26.2], lengthKm: 3, ringRoad: true } },
  snapMaxMeters: 300,
  profiles: { car: { speedKmh: { primary: 50 } }, foot: { offRoadKmh: 3 } },
  timeOfDay: { default: new Array(24).fill(1), byClass: { primary: new Array(24).fill(0.8) } },
  stations: [
    { id: 's1', name: '城关派出所', nameEn: 'Chengguan', lon: 117.6, lat: 26.2 },
    { id: 's2', name: '列东派出所', lon: 117.62, lat: 26.22 },
  ],
  patrolZones: [{ id: 'z1', name: '商圈', category: 'crowded', geometry: { type: 'Polygon', coordinates: [ring()] } }],
  patrolLines: [{ id: 'l1', name: '沿江线', geometry: { type: 'LineString', coordinates: [[117.6, 26.2], [117.61, 26.21]] } }],
  patrolPoints: [{ id: 'p1', name: '火车站', category: 'hotspot', geometry: { type: 'Point', coordinates: [117.6, 26.2] }, dwellMinutes: 10 }],
  closures: [
    { id: 'c1', reason: 'works', polygon: { type: 'Polygon', coordinates: [ring()] } },
    { id: 'c2', segments: [[[117.6, 26.2], [117.61, 26.2]]] },
  ],
  units: [
    { id: 'u1', kind: 'patrol_car', station: 's1', assignment: { type: 'zone', zone: 'z1' }, shifts: [{ start: '08:00', end: '20:00', breaks: [{ start: '12:00', minutes: 30 }] }] },
    { id: 'u2', kind: 'foot', station: 's2', assignment: { type: 'points', points: ['p1'] }, shifts: [{ start: '20:00', end: '08:00' }] },
    { id: 'u3', kind: 'ebike', station: 's1', assignment: { type: 'line', line: 'l1' } },
    { id: 'u4', kind: 'traffic', station: 's2', assignment: { type: 'post', lon: 117.61, lat: 26.21 } },
  ],
  policy: { callProcessingSeconds: 90, reserve: { units: 1 }, eligibility: { traffic: ['traffic', 'patrol_car'] } },
  incidents: {
    priorities: [
      { level: 1, name: '一级', targetMinutes: 5 },
      { level: 2, name: '二级', targetMinutes: 15 },
    ],
    categories: [
      { id: 'traffic', priorityShares: [0.3, 0.7], onScene: { dist: 'exponential', meanMinutes: 30 } },
      { id: 'other', priorityShares: [0.1, 0.9], onScene: { dist: 'fixed', minutes: 15 } },
    ],
    model: { callsPerDay: 150, hourly: Array.from({ length: 24 }, () => 1), categoryShares: { traffic: 0.4, other: 0.6 }, backgroundWeight: 1 },
  },
};

/** A fresh, freely mutable (JSON-typed) copy of GOOD. */
const good = () => JSON.parse(JSON.stringify(GOOD));

const at = (problems: Problem[], path: string) => problems.filter((p) => p.path === path);

/** Exactly one problem at `path`, whose reason contains `fragment`. */
function expectOne(problems: Problem[], path: string, fragment: string, file = 'scenario.json') {
  const hits = at(problems, path);
  expect(hits, `problems at ${path}:\n${formatProblems(problems)}`).toHaveLength(1);
  expect(hits[0].reason).toContain(fragment);
  expect(hits[0].file).toBe(file);
}

describe('validateScenario: a good scenario', () => {
  it('has no problems', () => {
    expect(validateScenario(good())).toEqual([]);
  });

  it('accepts osm and geojson roads when the files exist', () => {
    const files = (): FileStatus => ({ status: 'present', json: { type: 'FeatureCollection', features: [] } });
    expect(validateScenario({ ...good(), roads: { osm: 'city.osm.pbf' } }, { files })).toEqual([]);
    expect(validateScenario({ ...good(), roads: { geojson: 'roads.geojson' } }, { files })).toEqual([]);
  });
});

describe('validateScenario: structure', () => {
  const cases: [string, (d: ReturnType<typeof good>) => void, string, string][] = [
    ['string where a number belongs', (d) => (d.stations[1].lon = '117.6'), 'stations[1].lon', 'expected a number, got "117.6"'],
    ['null coordinate', (d) => (d.stations[0].lat = null), 'stations[0].lat', 'expected a number, got null'],
    ['longitude out of range', (d) => (d.stations[0].lon = 217.6), 'stations[0].lon', 'between -180 and 180, got 217.6'],
    ['23 hourly factors', (d) => d.timeOfDay.default.pop(), 'timeOfDay.default', 'expected 24 values, got 23'],
    ['zero factor', (d) => (d.timeOfDay.byClass.primary[8] = 0), 'timeOfDay.byClass.primary[8]', 'must be > 0 and ≤ 1.5, got 0'],
    ['factor too high', (d) => (d.timeOfDay.default[3] = 2), 'timeOfDay.default[3]', '≤ 1.5, got 2'],
    ['unknown road class in byClass', (d) => (d.timeOfDay.byClass.highway = new Array(24).fill(1)), 'timeOfDay.byClass.highway', 'unknown road class "highway"'],
    ['misspelt road class in speeds', (d) => (d.profiles.car.speedKmh.primay = 40), 'profiles.car.speedKmh.primay', 'did you mean "primary"?'],
    ['zero speed', (d) => (d.profiles.car.speedKmh.primary = 0), 'profiles.car.speedKmh.primary', 'must be > 0'],
    ['unknown profile', (d) => (d.profiles.bus = {}), 'profiles.bus', 'unknown profile "bus"; expected car, ebike or foot'],
    ['sensitivity above 1', (d) => (d.profiles.foot.congestionSensitivity = 2), 'profiles.foot.congestionSensitivity', 'between 0 and 1'],
    ['unknown top-level key near a known one', (d) => (d.patrolZone = []), 'patrolZone', 'unknown key "patrolZone"; did you mean "patrolZones"?'],
    ['unknown top-level key far from all', (d) => (d.flavour = 1), 'flavour', 'unknown key "flavour"'],
    ['missing name', (d) => delete d.name, 'name', 'required field is missing'],
    ['bad name', (d) => (d.name = 'Tiny Town'), 'name', 'does not match'],
    ['missing title.en', (d) => delete d.title.en, 'title.en', 'required field is missing'],
    ['two road sources', (d) => (d.roads = { osm: 'a.osm', geojson: 'b.geojson' }), 'roads', 'give only one of "osm" or "geojson"'],
    ['no road source', (d) => (d.roads = {}), 'roads', 'expected exactly one of "generate", "osm" or "geojson"'],
    ['misspelt road source', (d) => (d.roads = { geojsn: 'r.geojson' }), 'roads.geojsn', 'did you mean "geojson"?'],
    ['non-integer seed', (d) => (d.roads.generate.seed = 1.5), 'roads.generate.seed', 'expected an integer, got 1.5'],
    ['missing seed', (d) => delete d.roads.generate.seed, 'roads.generate.seed', 'required field is missing'],
    ['removeShare too high', (d) => (d.roads.generate.removeShare = 0.7), 'roads.generate.removeShare', 'between 0 and 0.5, got 0.7'],
    ['arterialEvery below 2', (d) => (d.roads.generate.arterialEvery = 1), 'roads.generate.arterialEvery', '≥ 2, got 1'],
    ['unknown generator parameter', (d) => (d.roads.generate.lenghtKm = 3), 'roads.generate.lenghtKm', 'did you mean "lengthKm"?'],
    ['center with 3 numbers', (d) => (d.roads.generate.center = [117.6, 26.2, 0]), 'roads.generate.center', 'expected a position [lon, lat], got an array of 3'],
    ['snapMaxMeters 0', (d) => (d.snapMaxMeters = 0), 'snapMaxMeters', 'must be > 0, got 0'],
    ['bad category', (d) => (d.patrolZones[0].category = 'busy'), 'patrolZones[0].category', 'expected "crowded", "complex", "hotspot" or "district", got "busy"'],
    ['zone without geometry', (d) => delete d.patrolZones[0].geometry, 'patrolZones[0].geometry', 'required field is missing'],
    ['zone with a Point', (d) => (d.patrolZones[0].geometry = { type: 'Point', coordinates: [1, 2] }), 'patrolZones[0].geometry.type', 'expected "Polygon", got "Point"'],
    ['ring of 3 positions', (d) => (d.patrolZones[0].geometry.coordinates[0] = ring().slice(0, 3)), 'patrolZones[0].geometry.coordinates[0]', 'at least 4 positions'],
    ['line of 1 position', (d) => (d.patrolLines[0].geometry.coordinates = [[117.6, 26.2]]), 'patrolLines[0].geometry.coordinates', 'expected at least 2 values, got 1'],
    ['point latitude out of range', (d) => (d.patrolPoints[0].geometry.coordinates = [26.2, 117.6]), 'patrolPoints[0].geometry.coordinates[1]', 'between -90 and 90, got 117.6'],
    ['negative dwell', (d) => (d.patrolPoints[0].dwellMinutes = -5), 'patrolPoints[0].dwellMinutes', 'must be > 0, got -5'],
    ['places neither list nor file', (d) => (d.patrolPoints = 5), 'patrolPoints', 'expected an array or a file name, got 5'],
    ['closure with both kinds', (d) => (d.closures[1].polygon = d.closures[0].polygon), 'closures[1]', 'give only one of "polygon" or "segments"'],
    ['closure with neither', (d) => delete d.closures[1].segments, 'closures[1]', 'expected exactly one of "polygon" or "segments"'],
    ['closure pair of 1', (d) => (d.closures[1].segments = [[[117.6, 26.2]]]), 'closures[1].segments[0]', 'expected a pair of positions'],
    ['station typo key', (d) => (d.stations[0].nameEN = 'x'), 'stations[0].nameEN', 'did you mean "nameEn"?'],
    ['closure not an object', (d) => (d.closures[0] = 'c1'), 'closures[0]', 'expected an object, got "c1"'],
    ['stations not a list', (d) => (d.stations = {}), 'stations', 'expected an array, got an object'],
  ];
  it.each(cases)('%s', (_name, mutate, path, fragment) => {
    const d = good();
    mutate(d);
    const problems = validateScenario(d, { files: () => ({ status: 'present' }) });
    expectOne(problems, path, fragment);
    expect(problems, formatProblems(problems)).toHaveLength(1);
  });

  it('reports a non-object file as one problem at the root', () => {
    expect(validateScenario([])).toEqual([{ file: 'scenario.json', path: '', reason: 'expected an object, got an empty array' }]);
  });

  it('uses the given scenario file name', () => {
    const d = good();
    d.stations[0].lon = '1';
    expect(validateScenario(d, { file: 'what-if.json' })[0].file).toBe('what-if.json');
  });
});

describe('validateScenario: meaning', () => {
  it('finds rings that are not closed, in zones and closures', () => {
    const d = good();
    d.patrolZones[0].geometry.coordinates[0].pop();
    d.closures[0].polygon.coordinates[0][4] = [117.7, 26.3];
    const problems = validateScenario(d);
    expectOne(problems, 'patrolZones[0].geometry.coordinates[0]', 'ring is not closed');
    expectOne(problems, 'closures[0].polygon.coordinates[0]', 'must repeat the first [117.6, 26.2]');
    expect(problems).toHaveLength(2);
  });

  it('finds duplicate ids in each list, but allows the same id across lists', () => {
    const d = good();
    d.stations[1].id = 's1';
    d.patrolZones.push({ ...d.patrolZones[0] });
    d.patrolLines[0].id = 'z1';
    d.closures[1].id = 'c1';
    const problems = validateScenario(d);
    expectOne(problems, 'stations[1].id', 'duplicate id "s1" (already used by stations[0].id)');
    expectOne(problems, 'patrolZones[1].id', 'duplicate id "z1"');
    expectOne(problems, 'closures[1].id', 'duplicate id "c1"');
    expect(problems.filter((p) => p.reason.includes('duplicate'))).toHaveLength(3);
    // The renamed line and station leave units pointing at ids that no longer exist.
    expectOne(problems, 'units[2].assignment.line', 'no patrol line with id "l1"');
  });

  it('rejects an unknown time zone', () => {
    const d = good();
    d.timezone = 'Asia/Shanghia';
    expectOne(validateScenario(d), 'timezone', 'unknown time zone "Asia/Shanghia"');
  });

  it('names missing and unreadable files', () => {
    const d = { ...good(), roads: { geojson: 'roads.geojson' }, patrolZones: 'zones.geojson', patrolLines: 'lines.geojson' };
    const files = (name: string): FileStatus =>
      name === 'lines.geojson' ? { status: 'unreadable', reason: 'invalid JSON at line 3, column 9: unexpected "}"' } : { status: 'missing' };
    const problems = validateScenario(d, { files });
    expectOne(problems, 'roads.geojson', 'file "roads.geojson" not found');
    expectOne(problems, 'patrolZones', 'file "zones.geojson" not found');
    expectOne(problems, '', 'line 3, column 9', 'lines.geojson');
    expect(problems).toHaveLength(3);
  });

  it('checks patrol features in a GeoJSON file, with paths inside that file', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'z1', name: 'A', category: 'crowded', fid: 3 }, geometry: { type: 'Polygon', coordinates: [ring()] } },
        { type: 'Feature', properties: { id: 'z1', name: 'B', category: 'market' }, geometry: { type: 'Polygon', coordinates: [ring().slice(0, 4)] } },
        { type: 'Feature', properties: { name: 'C', category: 'complex' }, geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] } },
      ],
    };
    const d = { ...good(), patrolZones: 'zones.geojson' };
    const problems = validateScenario(d, { files: () => ({ status: 'present', json: fc }) });
    expectOne(problems, 'features[1].properties.category', 'got "market"', 'zones.geojson');
    expectOne(problems, 'features[1].properties.id', 'duplicate id "z1" (already used by features[0].properties.id)', 'zones.geojson');
    expectOne(problems, 'features[1].geometry.coordinates[0]', 'ring is not closed', 'zones.geojson');
    expectOne(problems, 'features[2].properties.id', 'required field is missing', 'zones.geojson');
    expectOne(problems, 'features[2].geometry.type', 'expected "Polygon", got "LineString"', 'zones.geojson');
    expect(problems).toHaveLength(5);
  });

  it('lists every problem at once: five mistakes, five problems', () => {
    const d = good();
    d.stations[2 - 1].lon = '117.6';
    d.timeOfDay.default.pop();
    d.profiles.bus = { offRoadKmh: 4 };
    d.patrolZones[0].geometry.coordinates[0].pop();
    d.stationz = [];
    const problems = validateScenario(d);
    expect(problems.map((p) => p.path).sort()).toEqual(
      ['patrolZones[0].geometry.coordinates[0]', 'profiles.bus', 'stations[1].lon', 'stationz', 'timeOfDay.default'].sort(),
    );
    expect(formatProblems(problems).split('\n')).toHaveLength(5);
    expect(formatProblems(problems)).toContain('scenario.json: stations[1].lon: expected a number, got "117.6"');
  });
});

describe('helpers', () => {
  it('turns JSON pointers into dotted/bracket paths', () => {
    expect(pointerToPath('/patrolZones/3/geometry/coordinates/0')).toBe('patrolZones[3].geometry.coordinates[0]');
    expect(pointerToPath('')).toBe('');
    expect(pointerToPath('/units/a b')).toBe('units["a b"]');
  });

  it('suggests only plausible typos', () => {
    expect(closestKey('statoins', ['stations', 'name'])).toBe('stations');
    expect(closestKey('NAME', ['stations', 'name'])).toBe('name');
    expect(closestKey('zzz', ['stations', 'name'])).toBeUndefined();
  });

  it('lists the files a scenario names, even when it is otherwise invalid', () => {
    expect(namedFiles({ roads: { osm: 'a.osm.pbf' }, patrolLines: 'l.geojson', patrolZones: 3 })).toEqual([
      { name: 'a.osm.pbf', kind: 'roads-osm', path: 'roads.osm' },
      { name: 'l.geojson', kind: 'patrolLines', path: 'patrolLines' },
    ]);
    expect(namedFiles(null)).toEqual([]);
  });
});

describe('normalizeScenario', () => {
  it('merges profile overrides key by key without touching the defaults', () => {
    const merged = mergeProfiles(DEFAULT_PROFILES, { car: { speedKmh: { primary: 50 } } }, { car: { offRoadKmh: 6 } });
    expect(merged.car.speedKmh.primary).toBe(50);
    expect(merged.car.speedKmh.secondary).toBe(DEFAULT_PROFILES.car.speedKmh.secondary);
    expect(merged.car.offRoadKmh).toBe(6);
    expect(DEFAULT_PROFILES.car.speedKmh.primary).toBe(45);
    expect(merged.foot).toEqual(DEFAULT_PROFILES.foot);
  });

  it('fills defaults and reads places from files', () => {
    const d = good();
    delete d.snapMaxMeters;
    delete d.timeOfDay;
    delete d.patrolPoints[0].dwellMinutes;
    d.patrolLines = 'lines.geojson';
    d.units[2].assignment.line = 'l9';
    const lines = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { id: 'l9', name: 'L', fid: 1 }, geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] } }],
    };
    expect(validateScenario(d, { files: () => ({ status: 'present', json: lines }) })).toEqual([]);
    const n = normalizeScenario(d as never, () => lines);
    expect(n.scenario.snapMaxMeters).toBe(500);
    expect(n.timeOfDay.default).toHaveLength(24);
    expect(n.patrolPoints[0].dwellMinutes).toBe(12);
    expect(n.patrolLines).toEqual([{ id: 'l9', name: 'L', geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] } }]);
    expect(n.profiles.car.speedKmh.primary).toBe(50);
  });
});

describe('units, shifts, policy and incidents', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON fixtures are edited freely
  const check = (mutate: (d: Record<string, any>) => void) => {
    const d = good();
    mutate(d);
    return validateScenario(d, { files: () => ({ status: 'present', json: { type: 'FeatureCollection', features: [] } }) });
  };

  it('names impossible shifts: zero length, overlapping, and breaks that do not fit', () => {
    expectOne(check((d) => (d.units[0].shifts = [{ start: '08:00', end: '08:00' }])), 'units[0].shifts[0]', 'must have a length');
    expectOne(check((d) => d.units[0].shifts.push({ start: '19:00', end: '23:00' })), 'units[0].shifts[1]', 'overlaps shifts[0]');
    expectOne(check((d) => (d.units[0].shifts[0].breaks = [{ start: '19:45', minutes: 30 }])), 'units[0].shifts[0].breaks[0]', 'does not fit');
    expectOne(check((d) => (d.units[1].shifts = [{ start: '25:00', end: '08:00' }])), 'units[1].shifts[0].start', 'HH:MM');
    // A night shift past midnight and a break after midnight are fine.
    expect(check((d) => (d.units[1].shifts = [{ start: '22:00', end: '06:00', breaks: [{ start: '02:00', minutes: 45 }] }]))).toEqual([]);
  });

  it('names references to places and stations that do not exist, and duplicate unit ids', () => {
    expectOne(check((d) => (d.units[0].assignment.zone = 'nowhere')), 'units[0].assignment.zone', 'no patrol zone with id "nowhere"');
    expectOne(check((d) => (d.units[2].assignment.line = 'x')), 'units[2].assignment.line', 'no patrol line');
    expectOne(check((d) => (d.units[1].assignment.points = ['p1', 'p9'])), 'units[1].assignment.points[1]', 'no patrol point');
    expectOne(check((d) => (d.units[3].station = 's9')), 'units[3].station', 'no station');
    expectOne(check((d) => (d.units[3].id = 'u1')), 'units[3].id', 'duplicate id "u1"');
    expectOne(check((d) => (d.units[3].kind = 'tank')), 'units[3].kind', '');
  });

  it('checks the policy against the scenario', () => {
    expectOne(check((d) => (d.policy.eligibility = { fire: ['patrol_car'] })), 'policy.eligibility.fire', 'no incident category "fire"');
    expectOne(check((d) => (d.policy.reserve.units = 4)), 'policy.reserve.units', 'only 4');
  });

  it('names negative rates and shares that do not add up', () => {
    expect(at(check((d) => (d.incidents.model.callsPerDay = -4)), 'incidents.model.callsPerDay').length).toBe(1);
    expect(at(check((d) => (d.incidents.model.hourly[3] = -1)), 'incidents.model.hourly[3]').length).toBe(1);
    const shares = check((d) => (d.incidents.model.categoryShares.traffic = 0.9));
    expect(shares.some((p) => p.path.startsWith('incidents.model.categoryShares') && /sum/.test(p.reason))).toBe(true);
  });

  it('asks for the call list file it names', () => {
    const d = good();
    d.incidents.list = { file: 'calls.csv', columns: { time: 't', lon: 'x', lat: 'y' } };
    expectOne(validateScenario(d, { files: (n) => (n === 'calls.csv' ? { status: 'missing' } : { status: 'present', json: { type: 'FeatureCollection', features: [] } }) }), 'incidents.list.file', 'not found');
  });
});
