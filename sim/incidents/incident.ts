// What the simulator sees of a call for service (警情), wherever it came from: the generating
// model or a historic list. Times are seconds from the scenario start; places are WGS84.

/** Where an incident came from. */
export type IncidentSource = 'model' | 'list';

export interface Incident {
  /** unique within one generated or read list */
  id: string;
  /** call time (接警), seconds from the scenario start */
  t: number;
  lon: number;
  lat: number;
  /** a category id of the scenario */
  category: string;
  /** priority level, 1 = most urgent */
  priority: number;
  /** time units spend on scene once they arrive, seconds */
  onSceneSeconds: number;
  /** number of units the call needs (≥ 1) */
  unitsNeeded: number;
  source: IncidentSource;
  /** for list incidents: the line in the file where the row starts (header = 1) */
  row?: number;
}

/** One problem in the scenario's incidents section; path like `incidents.model.hourly[3]`. */
export interface IncidentConfigProblem {
  path: string;
  reason: string;
}

/** One bad row of a call list. */
export interface ListRowProblem {
  /** 1-based line number in the file where the row starts; the header is line 1 */
  row: number;
  /** the `columns` key of the bad value (time, lon, lat, …), or `row` for the row as a whole */
  field: string;
  reason: string;
}

/** A call list that cannot be used: bad rows without skipBadRows, or a missing column. */
export class IncidentListError extends Error {
  override readonly name = 'IncidentListError';
  constructor(
    readonly file: string,
    message: string,
    readonly problems: readonly ListRowProblem[] = [],
  ) {
    super(message);
  }
}

/** `calls.csv row 7: time: "2024-13-45 10:00" is not a valid date` */
export function formatRowProblem(file: string, p: ListRowProblem): string {
  return `${file} row ${p.row}: ${p.field}: ${p.reason}`;
}
