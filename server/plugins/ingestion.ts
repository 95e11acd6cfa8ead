// Position reports in: POST /api/positions (a JSON batch) and the OsmAnd/Traccar protocol at
// /osmand (GET with a query string, POST as a form or with the Traccar Client's JSON body), so
// real tracker apps and GPS devices can report. Each report is checked and applied in turn; a
// bad one is refused with the field and the reason, and never stops the others.

import formbody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { REPORT } from '../auth/roles.ts';
import type { TokenInfo } from '../auth/tokens.ts';
import { BatchAnswerSchema, ErrorBodySchema, PositionBatchSchema, type BatchAnswer, type PositionBatch } from '../../shared/live-schema.ts';
import { applyBatch, ownUnit } from '../ingest/apply-batch.ts';
import { parseOsmAnd, parseTraccarJson, type SpeedUnit } from '../ingest/osmand.ts';
import { ReportError } from '../live/report-errors.ts';

const OSMAND_NAMES: Record<string, string> = { unitId: 'id', time: 'timestamp' };

/** Counts a batch's reports for /metrics. */
export function countBatch(app: FastifyInstance, path: 'batch' | 'feed', answer: BatchAnswer): void {
  app.ingestCounts.add(path, 'accepted', answer.accepted);
  app.ingestCounts.add(path, 'ignored', answer.ignored.length);
  app.ingestCounts.add(path, 'rejected', answer.rejected.length);
}

export interface IngestionOptions {
  /** unit of the OsmAnd `speed` parameter (default knots, as OsmAnd and most devices send) */
  osmandSpeedUnit?: SpeedUnit;
}

export default async function ingestion(app: FastifyInstance, opts: IngestionOptions) {
  await app.register(formbody);
  const speedUnit = opts.osmandSpeedUnit ?? 'knots';

  app.post<{ Body: PositionBatch }>(
    '/api/positions',
    { config: { roles: REPORT }, schema: { body: PositionBatchSchema, response: { 200: BatchAnswerSchema, 400: Type.Union([BatchAnswerSchema, ErrorBodySchema]) } } },
    async (req, reply) => {
      const answer: BatchAnswer = applyBatch(app.live.units, req.principal, req.body.reports);
      countBatch(app, 'batch', answer);
      // Every report refused: the batch as a whole is bad input.
      return reply.code(answer.rejected.length === req.body.reports.length ? 400 : 200).send(answer);
    },
  );

  // The OsmAnd parameters, as strings (the parser reads numbers and times and names the bad one).
  // Devices send more (altitude, batt, hdop…): kept, not used.
  const param = Type.Optional(Type.String({ maxLength: 100 }));
  const OsmAndQuery = Type.Object(
    { id: param, deviceid: param, lat: param, lon: param, location: param, timestamp: param, speed: param, bearing: param, heading: param, accuracy: param },
    { additionalProperties: true },
  );

  // OsmAnd answers are empty on success, as Traccar's are: devices only look at the status.
  const osmand = async (params: Record<string, unknown>, body: unknown, who: TokenInfo | null) => {
    const now = app.live.units.clock();
    const isTraccarJson = body !== null && typeof body === 'object' && !Array.isArray(body) && typeof (body as { location?: unknown }).location === 'object';
    let report;
    try {
      report = isTraccarJson ? parseTraccarJson(body, { now }) : parseOsmAnd({ ...(body as object | null), ...params }, { now, speedUnit });
    } catch (err) {
      app.ingestCounts.add('osmand', 'rejected');
      throw err;
    }
    try {
      ownUnit(who, report.unitId);
      app.ingestCounts.add('osmand', app.live.units.report(report).accepted ? 'accepted' : 'ignored');
    } catch (err) {
      app.ingestCounts.add('osmand', 'rejected');
      // Named as the device sent them.
      if (err instanceof ReportError) throw new ReportError(OSMAND_NAMES[err.field] ?? err.field, err.reason, err.code);
      throw err;
    }
  };
  app.get<{ Querystring: Record<string, unknown> }>('/osmand', { config: { roles: REPORT }, schema: { querystring: OsmAndQuery } }, async (req, reply) => {
    await osmand(req.query, null, req.principal);
    return reply.code(200).send();
  });
  app.post<{ Querystring: Record<string, unknown>; Body: unknown }>('/osmand', { config: { roles: REPORT }, schema: { querystring: OsmAndQuery, body: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()])) } }, async (req, reply) => {
    await osmand(req.query, req.body ?? null, req.principal);
    return reply.code(200).send();
  });
}
