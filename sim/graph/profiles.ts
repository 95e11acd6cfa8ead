// Speed profiles: free-flow speed per road class (absent = no access), off-road speed for the
// last metres between the road and a point, and how strongly congestion slows the profile.

import type { ProfileName, RoadClass } from '../../shared/roads.ts';

export interface ProfileSpec {
  /** free-flow speed by road class in km/h; a class that is absent cannot be used */
  speedKmh: Partial<Record<RoadClass, number>>;
  /** speed between a point and its snapped road position (walking from the car, etc.), km/h */
  offRoadKmh: number;
  /** 0 = ignores congestion, 1 = slowed by the full time-of-day factor */
  congestionSensitivity: number;
  /** cap a class speed by the legal limit tagged on the road (maxspeed) */
  obeyMaxSpeed: boolean;
}

export type ProfileTable = Record<ProfileName, ProfileSpec>;

/**
 * Defaults for a Chinese city. Car speeds are typical free-flow speeds of a patrol car on urban
 * roads (below the legal limits); e-bikes are capped at 25 km/h by GB 17761-2018 and kept off
 * expressways; foot patrols walk at 5 km/h.
 */
export const DEFAULT_PROFILES: ProfileTable = {
  car: {
    speedKmh: {
      motorway: 80,
      trunk: 60,
      primary: 45,
      secondary: 40,
      tertiary: 35,
      unclassified: 30,
      residential: 25,
      living_street: 12,
      service: 15,
      track: 10,
    },
    offRoadKmh: 5,
    congestionSensitivity: 1,
    obeyMaxSpeed: true,
  },
  ebike: {
    speedKmh: {
      primary: 22,
      secondary: 22,
      tertiary: 22,
      unclassified: 20,
      residential: 18,
      living_street: 12,
      service: 15,
      track: 12,
      pedestrian: 10,
      cycleway: 20,
      footway: 8,
      path: 10,
    },
    offRoadKmh: 5,
    congestionSensitivity: 0.3,
    obeyMaxSpeed: true,
  },
  foot: {
    speedKmh: {
      primary: 5,
      secondary: 5,
      tertiary: 5,
      unclassified: 5,
      residential: 5,
      living_street: 5,
      service: 5,
      track: 4.5,
      pedestrian: 5,
      cycleway: 5,
      footway: 5,
      path: 4.5,
      steps: 2.5,
    },
    offRoadKmh: 4,
    congestionSensitivity: 0,
    obeyMaxSpeed: false,
  },
};

/** The fastest speed any road class allows a profile, in m/s (for straight-line lower bounds). */
export function maxSpeedMps(spec: ProfileSpec): number {
  let v = 0;
  for (const s of Object.values(spec.speedKmh)) if (s !== undefined && s > v) v = s;
  return v / 3.6;
}
