// Unit statuses as a closed union (simulation, live server and client alike), with the predicates
// the engine asks and the mapping to the NENA EIDO unit status registries used when exporting.
// 动中备勤: a unit that is patrolling or driving back to its assignment is available, just like one
// waiting at a post.

// The simulation sends a unit on its way at once ('dispatched' covers the drive); a live unit
// may confirm it is on its way ('en_route', 出警中) after the dispatch (派警).
export const UNIT_STATUSES = ['off_duty', 'on_break', 'patrolling', 'posted', 'returning', 'dispatched', 'en_route', 'on_scene'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const isAvailable = (s: UnitStatus): boolean => s === 'patrolling' || s === 'posted' || s === 'returning';
export const isOnDuty = (s: UnitStatus): boolean => s !== 'off_duty';
export const isBusyWithCall = (s: UnitStatus): boolean => s === 'dispatched' || s === 'en_route' || s === 'on_scene';

export type EidoPrimary = 'Available' | 'ConditionallyAvailable' | 'NotAvailable';

/** EIDO primary and secondary unit status for an internal status. */
export function eidoStatus(s: UnitStatus): { primary: EidoPrimary; secondary: string } {
  switch (s) {
    case 'patrolling':
      return { primary: 'Available', secondary: 'Patrol' };
    case 'posted':
      return { primary: 'Available', secondary: 'Post' };
    case 'returning':
      return { primary: 'Available', secondary: 'BacktoAssignedArea' };
    case 'dispatched':
      return { primary: 'NotAvailable', secondary: 'Dispatched' };
    case 'en_route':
      return { primary: 'NotAvailable', secondary: 'EnRoute' };
    case 'on_scene':
      return { primary: 'NotAvailable', secondary: 'OnScene' };
    case 'on_break':
      return { primary: 'NotAvailable', secondary: 'Break' };
    case 'off_duty':
      return { primary: 'NotAvailable', secondary: 'OutofService' };
  }
}

/** The words a Chinese dispatcher's screen uses (待命 available, 出警中, 到场, 休息). */
export const STATUS_ZH: Readonly<Record<UnitStatus, string>> = {
  off_duty: '下班',
  on_break: '休息',
  patrolling: '巡逻',
  posted: '待命',
  returning: '返回巡区',
  dispatched: '已派警',
  en_route: '出警中',
  on_scene: '到场处置',
};
