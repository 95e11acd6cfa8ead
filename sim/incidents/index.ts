// Incidents for the simulator: model calls (generateIncidents), historic calls (readIncidentCsv)
// and the meaning-level checks of the scenario's incidents section (checkIncidents).

export type { Incident, IncidentSource, IncidentConfigProblem, ListRowProblem } from './incident.ts';
export { IncidentListError, formatRowProblem } from './incident.ts';
export { checkIncidents, SHARE_TOLERANCE } from './check-incidents.ts';
export { generateIncidents, hourlyRates, IncidentModelError, type GenerateOptions } from './generate.ts';
export { createLocationSampler, roadLengthTable, IncidentSpaceError } from './locations.ts';
export type { IncidentSpace, CallPlace, LocationSampler, RoadLengthTable } from './locations.ts';
export { readIncidentCsv, type ReadListOptions, type ReadListResult } from './read-list.ts';
export { parseCsv, CsvSyntaxError, type CsvRecord } from './csv.ts';
export { timeParser, timeFormatProblem, parseUtcOffset, startOfLocalDay, type TimeParser, type TimeParse } from './time-format.ts';
export { Categorical, sampleOnSceneSeconds, meanOnSceneSeconds, unitsSampler, mostLikelyLevel, fallbackCategory } from './sampling.ts';
