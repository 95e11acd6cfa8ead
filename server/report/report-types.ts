// Input of the HTML run report: what a finished simulation run hands over for one page.

export type ReportLang = 'zh' | 'en';

export interface ReportKpi {
  label: string;
  /** numbers are formatted by the report; strings are shown as given */
  value: number | string;
  unit?: string;
}

/** Share (0–1) of the road network reached within 60 / 180 / 300 s, averaged over the run's days. */
export interface CoveragePoint {
  /** 0–1439 (minutes after midnight); 1440 is accepted as the end of the day */
  minuteOfDay: number;
  road60: number;
  road180: number;
  road300: number;
}

export interface UnitWorkload {
  id: string;
  /** e.g. 'car', 'ebike', 'foot' or a display name */
  kind: string;
  /** share (0–1) of the run the unit was busy (travelling to, or at, incidents) */
  busyFraction: number;
  dispatches: number;
}

export interface ZoneCoverage {
  id: string;
  name: string;
  /** share (0–1) of incidents, or of the zone, reached within 180 s */
  within180: number;
}

export interface RunReportInput {
  title: string;
  scenario: string;
  seed: number;
  days: number;
  kpis: ReportKpi[];
  /** one value per incident: seconds from call to first unit on scene */
  responseTimesSeconds: number[];
  /** response-time target in seconds, drawn as a marker and counted in the summary */
  targetSeconds?: number;
  coverageOverDay: CoveragePoint[];
  units: UnitWorkload[];
  zones?: ZoneCoverage[];
}

export interface RenderReportOptions {
  /** language of the report's own text; default 'zh' */
  lang?: ReportLang;
}
