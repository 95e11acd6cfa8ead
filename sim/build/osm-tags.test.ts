import { describe, expect, it } from 'vitest';
import { ROAD_CLASSES } from '../../shared/roads.ts';
import {
  accessFromTags,
  classifyHighway,
  ebikeContraflowFromTags,
  onewayFromTags,
  parseMaxSpeed,
  roadClassFromHighway,
  wayAttributesFromTags,
} from './osm-tags.ts';

describe('road class from highway=*', () => {
  it('folds links into their parent class and maps road to unclassified', () => {
    expect(roadClassFromHighway('motorway_link')).toBe('motorway');
    expect(roadClassFromHighway('trunk_link')).toBe('trunk');
    expect(roadClassFromHighway('primary_link')).toBe('primary');
    expect(roadClassFromHighway('secondary_link')).toBe('secondary');
    expect(roadClassFromHighway('tertiary_link')).toBe('tertiary');
    expect(roadClassFromHighway('road')).toBe('unclassified');
  });

  it('maps every road class to itself', () => {
    for (const c of ROAD_CLASSES) expect(roadClassFromHighway(c)).toBe(c);
  });

  it('ignores things that are not travelable roads', () => {
    for (const v of ['proposed', 'construction', 'platform', 'bus_guideway', 'raceway', 'corridor', 'elevator']) {
      expect(roadClassFromHighway(v)).toBeNull();
      expect(classifyHighway(v)).toBe('ignored');
    }
    expect(classifyHighway('highwayy')).toBe('unknown');
    expect(classifyHighway('constructor')).toBe('unknown');
    expect(roadClassFromHighway(undefined)).toBeNull();
    expect(wayAttributesFromTags({ building: 'yes' })).toBeNull();
  });
});

describe('oneway', () => {
  const ow = (tags: Record<string, string>) => onewayFromTags(roadClassFromHighway(tags.highway ?? 'residential')!, tags);

  it('reads the oneway tag', () => {
    for (const v of ['yes', 'true', '1', 'YES']) expect(ow({ oneway: v })).toBe(1);
    for (const v of ['-1', 'reverse']) expect(ow({ oneway: v })).toBe(-1);
    for (const v of ['no', 'false', '0']) expect(ow({ oneway: v })).toBe(0);
    expect(ow({})).toBe(0);
  });

  it('makes roundabouts and circular junctions one-way unless oneway=no', () => {
    expect(ow({ junction: 'roundabout' })).toBe(1);
    expect(ow({ junction: 'circular' })).toBe(1);
    expect(ow({ junction: 'roundabout', oneway: 'no' })).toBe(0);
    expect(wayAttributesFromTags({ highway: 'primary', junction: 'roundabout' })?.roundabout).toBe(true);
    expect(wayAttributesFromTags({ highway: 'primary', junction: 'circular' })?.roundabout).toBeUndefined();
  });

  it('makes motorways (and their links) one-way unless tagged otherwise', () => {
    expect(ow({ highway: 'motorway' })).toBe(1);
    expect(ow({ highway: 'motorway_link' })).toBe(1);
    expect(ow({ highway: 'motorway', oneway: 'no' })).toBe(0);
    expect(ow({ highway: 'motorway', oneway: '-1' })).toBe(-1);
    expect(ow({ highway: 'trunk' })).toBe(0);
  });

  it('lets e-bikes ride against one-way streets with a bicycle exemption or contraflow lane', () => {
    expect(ebikeContraflowFromTags({ 'oneway:bicycle': 'no' })).toBe(true);
    expect(ebikeContraflowFromTags({ cycleway: 'opposite' })).toBe(true);
    expect(ebikeContraflowFromTags({ cycleway: 'opposite_lane' })).toBe(true);
    expect(ebikeContraflowFromTags({ 'cycleway:left': 'opposite_track' })).toBe(true);
    expect(ebikeContraflowFromTags({ cycleway: 'lane' })).toBe(false);
    expect(wayAttributesFromTags({ highway: 'residential', oneway: 'yes', 'oneway:bicycle': 'no' })?.ebikeContraflow).toBe(true);
    // meaningless on a two-way street, so not set
    expect(wayAttributesFromTags({ highway: 'residential', 'oneway:bicycle': 'no' })?.ebikeContraflow).toBeUndefined();
  });
});

describe('maxspeed', () => {
  it('reads numbers as km/h and converts mph', () => {
    expect(parseMaxSpeed('50')).toBe(50);
    expect(parseMaxSpeed('50 km/h')).toBe(50);
    expect(parseMaxSpeed('30 mph')).toBeCloseTo(48.28, 2);
    expect(parseMaxSpeed('20mph')).toBeCloseTo(32.19, 2);
    expect(parseMaxSpeed('60;40')).toBe(60);
    expect(parseMaxSpeed('walk')).toBe(6);
  });

  it('ignores symbolic and invalid limits', () => {
    for (const v of ['none', 'signals', 'variable', 'RU:urban', 'DE:zone30', 'CN:rural', 'fast', '0', '-5', '', '50 furlongs']) {
      expect(parseMaxSpeed(v)).toBeUndefined();
    }
    expect(parseMaxSpeed(undefined)).toBeUndefined();
  });
});

describe('access', () => {
  it('uses class defaults', () => {
    expect(accessFromTags('motorway', {})).toEqual({ car: true, ebike: false, foot: false });
    expect(accessFromTags('trunk', {})).toEqual({ car: true, ebike: false, foot: false });
    expect(accessFromTags('footway', {})).toEqual({ car: false, ebike: false, foot: true });
    expect(accessFromTags('steps', {})).toEqual({ car: false, ebike: false, foot: true });
    expect(accessFromTags('pedestrian', {})).toEqual({ car: false, ebike: false, foot: true });
    expect(accessFromTags('path', {})).toEqual({ car: false, ebike: true, foot: true });
    expect(accessFromTags('cycleway', {})).toEqual({ car: false, ebike: true, foot: true });
    expect(accessFromTags('residential', {})).toEqual({ car: true, ebike: true, foot: true });
    expect(accessFromTags('service', {})).toEqual({ car: true, ebike: true, foot: true });
  });

  it('lets the most specific tag win', () => {
    expect(accessFromTags('residential', { access: 'no' })).toEqual({ car: false, ebike: false, foot: false });
    expect(accessFromTags('residential', { access: 'private' })).toEqual({ car: false, ebike: false, foot: false });
    expect(accessFromTags('service', { access: 'no', foot: 'yes' })).toEqual({ car: false, ebike: false, foot: true });
    expect(accessFromTags('residential', { motor_vehicle: 'no' })).toEqual({ car: false, ebike: true, foot: true });
    expect(accessFromTags('residential', { vehicle: 'no' })).toEqual({ car: false, ebike: false, foot: true });
    expect(accessFromTags('residential', { vehicle: 'no', bicycle: 'yes' })).toEqual({ car: false, ebike: true, foot: true });
    expect(accessFromTags('residential', { motor_vehicle: 'no', motorcar: 'yes' })).toEqual({ car: true, ebike: true, foot: true });
    expect(accessFromTags('residential', { access: 'destination' })).toEqual({ car: true, ebike: true, foot: true });
    expect(accessFromTags('primary', { bicycle: 'no', foot: 'no' })).toEqual({ car: true, ebike: false, foot: false });
  });

  it('keeps pedestrian streets foot-only unless bicycles are allowed', () => {
    expect(accessFromTags('pedestrian', { bicycle: 'yes' })).toEqual({ car: false, ebike: true, foot: true });
    expect(accessFromTags('pedestrian', { bicycle: 'designated' }).ebike).toBe(true);
    expect(accessFromTags('footway', { bicycle: 'yes' }).ebike).toBe(true);
  });

  it('treats motorroad=yes as closed to e-bikes and pedestrians', () => {
    expect(accessFromTags('primary', { motorroad: 'yes' })).toEqual({ car: true, ebike: false, foot: false });
  });

  it('ignores values that decide nothing', () => {
    expect(accessFromTags('residential', { access: 'unknown', foot: 'maybe' })).toEqual({ car: true, ebike: true, foot: true });
    expect(accessFromTags('residential', { access: 'no;destination' })).toEqual({ car: false, ebike: false, foot: false });
  });
});

describe('wayAttributesFromTags', () => {
  it('collects every field', () => {
    expect(
      wayAttributesFromTags({ highway: 'primary_link', oneway: 'yes', maxspeed: '40', name: '东大街', bridge: 'viaduct', cycleway: 'opposite' }),
    ).toEqual({
      cls: 'primary',
      oneway: 1,
      ebikeContraflow: true,
      maxSpeedKmh: 40,
      access: { car: true, ebike: true, foot: true },
      name: '东大街',
      bridge: true,
    });
    expect(wayAttributesFromTags({ highway: 'residential', bridge: 'no' })).toEqual({
      cls: 'residential',
      oneway: 0,
      access: { car: true, ebike: true, foot: true },
    });
  });
});
