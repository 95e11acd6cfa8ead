// Road classes and routing profiles: closed unions shared by the engine, the server and the client.

/** Road classes, following OpenStreetMap `highway=*` values (links fold into their parent class). */
export const ROAD_CLASSES = [
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'unclassified',
  'residential',
  'living_street',
  'service',
  'pedestrian',
  'track',
  'cycleway',
  'footway',
  'path',
  'steps',
] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/** Numeric code of a road class, as stored in the graph's Uint8Array. */
export const roadClassCode = (c: RoadClass): number => ROAD_CLASSES.indexOf(c);
export const isRoadClass = (s: unknown): s is RoadClass =>
  typeof s === 'string' && (ROAD_CLASSES as readonly string[]).includes(s);

/** Routing profiles. Each has its own speeds, road access and one-way rules. */
export const PROFILES = ['car', 'ebike', 'foot'] as const;
export type ProfileName = (typeof PROFILES)[number];
export const isProfileName = (s: unknown): s is ProfileName =>
  typeof s === 'string' && (PROFILES as readonly string[]).includes(s);
/** Bit of a profile in per-edge access masks. */
export const profileBit = (p: ProfileName): number => 1 << PROFILES.indexOf(p);
