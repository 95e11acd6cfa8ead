// Units, dispatch policy and the incident model of the default city (scenarios/sanming). The
// numbers are calibrated from the sourced figures the project keeps (DOMAIN-FIGURES.md beside the
// repository); each figure below says where it comes from. Used by scripts/make-sanming.ts.

import type { IncidentsConfig } from '../shared/incident-schema.ts';
import type { PolicyFile, UnitFile } from '../shared/fleet-schema.ts';

const day = { start: '08:00', end: '20:00', breaks: [{ start: '12:00', minutes: 40 }] };
const night = { start: '20:00', end: '08:00', breaks: [{ start: '00:30', minutes: 40 }] };
const evening = { start: '17:00', end: '01:00', breaks: [{ start: '20:30', minutes: 30 }] };
const school = [
  { start: '07:00', end: '09:00' },
  { start: '15:30', end: '18:00' },
];

/**
 * The fleet on a working day: about 24 units on duty by day and 17 at night.
 * - 巡特警 patrol cars cruise the two districts and the busy zones around the clock in two
 *   12-hour shifts; one more car works the bar street in the evening.
 * - Each of the 8 派出所 keeps a duty car at the station (接处警 station officers).
 * - 铁骑 e-bikes ride the river road and the station–old-town line by day, and the cross-river
 *   line in the evening.
 * - Foot patrols keep the school gates at opening and closing times (护学岗), and walk the
 *   station square, old street and market by day; auxiliaries hold the bridgeheads.
 * - Two traffic police cars stand at the busiest bridges during the day.
 */
export function sanmingUnits(): UnitFile[] {
  const units: UnitFile[] = [];
  const car = (id: string, station: string, zone: string, shifts: UnitFile['shifts'], name?: string) =>
    units.push({ id, ...(name ? { name } : {}), kind: 'patrol_car', station, shifts, assignment: { type: 'zone', zone } });
  for (const [suffix, shift] of [['D', day], ['N', night]] as const) {
    car(`XT-LD-${suffix}`, 'PS-LD', 'Z-LD', [shift], `巡特警列东${suffix === 'D' ? '日' : '夜'}班`);
    car(`XT-LX-${suffix}`, 'PS-LX', 'Z-LX', [shift], `巡特警列西${suffix === 'D' ? '日' : '夜'}班`);
    car(`XT-CG-${suffix}`, 'PS-CG', 'Z-CGLC', [shift], `巡特警城关${suffix === 'D' ? '日' : '夜'}班`);
    car(`XT-ZQ-${suffix}`, 'PS-LD', 'Z-ZQGC', [shift], `巡特警站前${suffix === 'D' ? '日' : '夜'}班`);
  }
  car('XT-JB-E', 'PS-LX', 'Z-LXJB', [{ start: '19:00', end: '03:00', breaks: [{ start: '23:00', minutes: 30 }] }], '巡特警酒吧街晚班');
  car('XT-SC-D', 'PS-LD', 'Z-LDSC', [{ start: '06:00', end: '18:00', breaks: [{ start: '11:30', minutes: 40 }] }], '巡特警农贸市场');

  for (const st of ['PS-JX', 'PS-CG', 'PS-XS', 'PS-LX', 'PS-FXB', 'PS-XB', 'PS-JB', 'PS-LD']) {
    units.push({ id: `ZB-${st.slice(3)}`, name: `${st.slice(3)}所值班警车`, kind: 'station_officer', station: st, assignment: { type: 'station' } });
  }

  units.push(
    { id: 'TQ-BJL', name: '铁骑滨江路', kind: 'ebike', station: 'PS-JB', shifts: [day], assignment: { type: 'line', line: 'L-BJL' } },
    { id: 'TQ-ZQCG', name: '铁骑站前—老城', kind: 'ebike', station: 'PS-CG', shifts: [day], assignment: { type: 'line', line: 'L-ZQ-CG' } },
    { id: 'TQ-KJ', name: '铁骑跨江线', kind: 'ebike', station: 'PS-LD', shifts: [evening], assignment: { type: 'line', line: 'L-LDLX' } },
    { id: 'BX-HX1', name: '护学岗（列西/列东）', kind: 'foot', station: 'PS-LX', shifts: school, assignment: { type: 'points', points: ['P-SCH1', 'P-SCH2'], dwellMinutes: 20 } },
    { id: 'BX-HX2', name: '护学岗（城关/徐碧）', kind: 'foot', station: 'PS-CG', shifts: school, assignment: { type: 'points', points: ['P-SCH3', 'P-SCH4'], dwellMinutes: 20 } },
    { id: 'BX-HX3', name: '护学岗（荆西）', kind: 'foot', station: 'PS-JX', shifts: school, assignment: { type: 'points', points: ['P-SCH5'], dwellMinutes: 30 } },
    { id: 'BX-ZQ', name: '步巡站前广场', kind: 'foot', station: 'PS-LD', shifts: [day], assignment: { type: 'points', points: ['P-ZQGC', 'P-YY'] } },
    { id: 'BX-LJ', name: '步巡城关老街', kind: 'foot', station: 'PS-CG', shifts: [day], assignment: { type: 'points', points: ['P-CGLJ', 'P-QT2'] } },
    { id: 'BX-JB', name: '步巡酒吧街', kind: 'foot', station: 'PS-LX', shifts: [evening], assignment: { type: 'points', points: ['P-LXJB'], dwellMinutes: 30 } },
    { id: 'FJ-QT', name: '辅警桥头', kind: 'auxiliary', station: 'PS-FXB', shifts: [day], assignment: { type: 'points', points: ['P-QT1', 'P-QT3', 'P-QT4'], dwellMinutes: 15 } },
    { id: 'JJ-1', name: '交警江乐大桥', kind: 'traffic', station: 'PS-CG', shifts: [{ start: '07:00', end: '19:00', breaks: [{ start: '12:00', minutes: 40 }] }], assignment: { type: 'post', lon: 117.6125706, lat: 26.2534444 } },
    { id: 'JJ-2', name: '交警富口大桥', kind: 'traffic', station: 'PS-XS', shifts: [{ start: '07:00', end: '19:00', breaks: [{ start: '12:30', minutes: 40 }] }], assignment: { type: 'post', lon: 117.626423, lat: 26.2762251 } },
  );
  return units;
}

export const SANMING_POLICY: PolicyFile = {
  // Call taking and dispatch decision at the 110 centre.
  callProcessingSeconds: 60,
  // Keep two units free for urgent (priority 1) calls.
  reserve: { units: 2, forPriority: 1 },
  divertForPriority1: true,
  eligibility: {
    // Crime and public order need sworn officers; auxiliaries assist with the rest.
    crime: ['patrol_car', 'station_officer', 'ebike', 'foot', 'traffic'],
    public_order: ['patrol_car', 'station_officer', 'ebike', 'foot'],
    traffic: ['traffic', 'patrol_car', 'station_officer', 'ebike', 'auxiliary'],
  },
};

/**
 * Calls for service in the urban core.
 * - Volume: Sanming logged 12,213 crime-related incidents in 2024 (33 a day); all 110 calls run
 *   about 12.7× the crime-related ones (Fujian 2022: 426,000 of 5.369 M were crime-related,
 *   7.9%), so about 425 calls a day city-wide. About 80% fall in the 21 urban stations (340 a
 *   day, 16 per station); this city's 8 stations and their busy centre give about 200 a day.
 * - Daily profile: quiet before dawn, rising through the morning, busiest in the evening
 *   (typical of 110 call logs); Friday and Saturday busier.
 * - Categories: crime-related 8% (Fujian 2022, 7.9%); the rest split between public order,
 *   traffic, disputes, assistance and other calls by assumption.
 * - Priorities and targets: urban arrival within 5 minutes for urgent calls (a local 110 rule,
 *   城区五分钟), 10 minutes for prompt and 30 for routine calls.
 * - Time on scene: a shoplifting call takes about 30 minutes for one officer; a bar disturbance
 *   about four officers for an hour (POST examples); Seattle's clearance minus arrival has a
 *   median of 101 minutes including report writing, so crime has a 50-minute median with a long
 *   tail and most other calls 20–40 minutes.
 * - Hotspots: the station square, the bar street, the market, the old street and the hospital.
 */
export const SANMING_INCIDENTS: IncidentsConfig = {
  priorities: [
    { level: 1, name: '一级/紧急', nameEn: 'urgent', targetMinutes: 5 },
    { level: 2, name: '二级/较急', nameEn: 'prompt', targetMinutes: 10 },
    { level: 3, name: '三级/一般', nameEn: 'routine', targetMinutes: 30 },
  ],
  categories: [
    { id: 'crime', name: '刑事', nameEn: 'crime', priorityShares: [0.45, 0.45, 0.1], onScene: { dist: 'lognormal', medianMinutes: 50, sigma: 0.6 } },
    {
      id: 'public_order',
      name: '治安',
      nameEn: 'public order',
      priorityShares: [0.2, 0.5, 0.3],
      onScene: { dist: 'exponential', meanMinutes: 35 },
      unitsNeeded: [
        { units: 1, share: 0.7 },
        { units: 2, share: 0.25 },
        { units: 4, share: 0.05 },
      ],
    },
    { id: 'traffic', name: '交通', nameEn: 'traffic', priorityShares: [0.15, 0.45, 0.4], onScene: { dist: 'lognormal', medianMinutes: 25, sigma: 0.5 } },
    { id: 'dispute', name: '纠纷', nameEn: 'dispute', priorityShares: [0.05, 0.35, 0.6], onScene: { dist: 'exponential', meanMinutes: 30 } },
    { id: 'assistance', name: '求助', nameEn: 'assistance', priorityShares: [0.1, 0.3, 0.6], onScene: { dist: 'exponential', meanMinutes: 20 } },
    { id: 'other', name: '其他', nameEn: 'other', priorityShares: [0, 0.2, 0.8], onScene: { dist: 'fixed', minutes: 15 } },
  ],
  model: {
    callsPerDay: 200,
    hourly: [4, 3, 2, 1.5, 1.2, 1.5, 2.5, 4, 5.5, 6, 6, 6.5, 6, 5.5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 8, 6.5, 5],
    weekly: [0.95, 0.95, 0.95, 1, 1.05, 1.1, 1],
    categoryShares: { crime: 0.08, public_order: 0.2, traffic: 0.25, dispute: 0.2, assistance: 0.2, other: 0.07 },
    hotspots: [
      { id: 'station-square', lon: 117.6414976, lat: 26.270809, radiusMeters: 250, weight: 3 },
      { id: 'bar-street', lon: 117.6406647, lat: 26.2962407, radiusMeters: 200, weight: 3 },
      { id: 'market', lon: 117.6471676, lat: 26.2829447, radiusMeters: 200, weight: 2 },
      { id: 'old-street', lon: 117.6114368, lat: 26.2565428, radiusMeters: 250, weight: 2 },
      { id: 'hospital', lon: 117.6308143, lat: 26.2639685, radiusMeters: 150, weight: 1 },
    ],
    backgroundWeight: 14,
  },
};
