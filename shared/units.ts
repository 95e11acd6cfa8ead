// Branded units and ids. Unit mix-ups (seconds vs minutes, metres vs km) are the most likely
// silent bug in a routing project, so numbers that cross module boundaries carry a brand.

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type Seconds = Brand<number, 'Seconds'>;
export type Meters = Brand<number, 'Meters'>;
export type MetersPerSecond = Brand<number, 'MetersPerSecond'>;
export type KmPerHour = Brand<number, 'KmPerHour'>;
export type NodeId = Brand<number, 'NodeId'>;
export type EdgeId = Brand<number, 'EdgeId'>;
export type UnitId = Brand<string, 'UnitId'>;

/** [longitude, latitude] in WGS84 degrees, GeoJSON order. */
export type LngLat = readonly [lon: number, lat: number];

export const seconds = (n: number): Seconds => n as Seconds;
export const meters = (n: number): Meters => n as Meters;
export const kmh = (n: number): KmPerHour => n as KmPerHour;
export const kmhToMps = (v: KmPerHour): MetersPerSecond => (v / 3.6) as MetersPerSecond;
export const minutesToSeconds = (m: number): Seconds => (m * 60) as Seconds;
