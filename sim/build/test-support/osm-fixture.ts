// A tiny OSM data set covering the cases the road import must get right: a one-way street, a
// roundabout, oneway=-1, a footway, a motorway, a disconnected island, access=no, speed limits,
// a construction site, a building, a relation and a way with a missing node.

import type { OsmFixture } from './write-osm-pbf.ts';

const LON = 118.0;
const LAT = 26.0;
// Grid in steps of 0.0005° (about 50 m); 7-decimal coordinates, as in OSM.
const at = (id: number, i: number, j: number, tags?: Record<string, string>) => ({
  id,
  lon: Math.round((LON + i * 0.0005) * 1e7) / 1e7,
  lat: Math.round((LAT + j * 0.0005) * 1e7) / 1e7,
  ...(tags ? { tags } : {}),
});

export const FIXTURE_WAY_IDS = {
  main: 10,
  oneway: 11,
  westLink: 12,
  reverse: 13,
  footway: 14,
  roundabout: 15,
  toRoundabout: 16,
  motorwayOut: 17,
  motorwayBack: 18,
  noAccess: 19,
  footOnly: 20,
  island: 21,
  construction: 22,
  building: 23,
  missingNode: 24,
} as const;

export const OSM_FIXTURE: OsmFixture = {
  nodes: [
    at(1, 0, 0, { highway: 'traffic_signals' }),
    at(2, 2, 0),
    at(3, 4, 0),
    at(4, 0, 2),
    at(5, 2, 2, { crossing: 'zebra', highway: 'crossing' }),
    at(6, 4, 2),
    // roundabout east of node 6
    at(20, 6, 1),
    at(21, 7, 2),
    at(22, 8, 1),
    at(23, 7, 0),
    // motorway loop east of the roundabout
    at(30, 11, 1),
    at(31, 14, 1),
    at(32, 11, 0),
    // dead ends
    at(40, 2, -2),
    at(41, 2, 4),
    // island far away
    at(50, 40, 40),
    at(51, 42, 40),
    // construction and building
    at(52, -2, 0),
    at(60, 20, 20),
    at(61, 21, 20),
    at(62, 21, 21),
  ],
  ways: [
    { id: 10, refs: [1, 2, 3], tags: { highway: 'residential', name: 'Main Street', maxspeed: '30' } },
    { id: 11, refs: [4, 5, 6], tags: { highway: 'residential', oneway: 'yes', name: '单行路', 'oneway:bicycle': 'no' } },
    { id: 12, refs: [1, 4], tags: { highway: 'tertiary' } },
    { id: 13, refs: [3, 6], tags: { highway: 'tertiary', oneway: '-1' } },
    { id: 14, refs: [2, 5], tags: { highway: 'footway' } },
    { id: 15, refs: [20, 21, 22, 23, 20], tags: { highway: 'secondary', junction: 'roundabout' } },
    { id: 16, refs: [6, 20], tags: { highway: 'secondary', maxspeed: '30 mph', bridge: 'yes' } },
    { id: 17, refs: [22, 30, 31], tags: { highway: 'motorway_link' } },
    { id: 18, refs: [31, 32, 23], tags: { highway: 'motorway', maxspeed: '100' } },
    { id: 19, refs: [2, 40], tags: { highway: 'service', access: 'no' } },
    { id: 20, refs: [5, 41], tags: { highway: 'service', access: 'no', foot: 'yes' } },
    { id: 21, refs: [50, 51], tags: { highway: 'residential', name: 'Island Road' } },
    { id: 22, refs: [52, 1], tags: { highway: 'construction', construction: 'residential' } },
    { id: 23, refs: [60, 61, 62, 60], tags: { building: 'yes' } },
    { id: 24, refs: [51, 999], tags: { highway: 'path' } },
  ],
  relations: [{ id: 100, members: [{ type: 'way', ref: 10, role: '' }, { type: 'node', ref: 1, role: 'stop' }], tags: { type: 'route', route: 'bus' } }],
};
