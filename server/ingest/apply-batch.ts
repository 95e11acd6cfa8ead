// A batch of position reports applied in turn, as POST /api/positions and the socket feed take
// them: a bad report is refused alone, with its index, field and reason, and never stops the rest.

import type { BatchAnswer, PositionReportBody } from '../../shared/live-schema.ts';
import type { TokenInfo } from '../auth/tokens.ts';
import type { LiveUnits } from '../live/live-units.ts';
import { ReportError } from '../live/report-errors.ts';
import { parseTimestamp } from './osmand.ts';

/** A device token bound to a unit reports that unit only (an unbound device token is a gateway). */
export function ownUnit(who: TokenInfo | null, unitId: string): void {
  if (who?.role === 'device' && who.unitId !== null && who.unitId !== unitId) throw new ReportError('unitId', `this device's token is for unit "${who.unitId}", not "${unitId}"`, 'forbidden');
}

export function applyBatch(units: LiveUnits, who: TokenInfo | null, reports: readonly PositionReportBody[]): BatchAnswer {
  const answer: BatchAnswer = { accepted: 0, ignored: [], rejected: [] };
  reports.forEach((r, index) => {
    try {
      ownUnit(who, r.unitId);
      const out = units.report({ ...r, time: parseTimestamp(r.time, 'time') });
      if (out.accepted) answer.accepted++;
      else answer.ignored.push({ index, reason: out.reason });
    } catch (err) {
      if (!(err instanceof ReportError)) throw err;
      answer.rejected.push({ index, error: err.code, field: `reports[${index}].${err.field}`, reason: err.reason });
    }
  });
  return answer;
}
