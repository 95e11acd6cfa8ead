// Live rings and coverage: GET /api/rings (GeoJSON, the isochrone command's shape) and
// GET /api/coverage, from the latest snapshot. A timer keeps the snapshot at most a second old.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CoverageAnswerSchema } from '../../shared/live-schema.ts';
import { validateMinutes } from '../../sim/rings/index.ts';
import { VIEW } from '../auth/roles.ts';
import { LIVE_MINUTES, type LiveRings, type LiveSnapshot } from '../live/live-rings.ts';
import type { PatrolTracker } from '../live/patrol-tracker.ts';
import { ReportError } from '../live/report-errors.ts';

export interface RingsPluginOptions {
  /** refresh period in ms (default 1000; 0 = only when asked) */
  refreshMs?: number;
}

/** "1,3,5" → contour minutes, or a ReportError naming the query field. */
function parseMinutesQuery(s: string | undefined): number[] {
  if (s === undefined) return [...LIVE_MINUTES];
  const parts = s.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
  try {
    return validateMinutes(parts);
  } catch (err) {
    throw new ReportError(`query.${(err as { field?: string }).field ?? 'minutes'}`, (err as { reason?: string }).reason ?? String(err));
  }
}

const share = (a: Float64Array, k: number) => (Number.isFinite(a[k]) ? a[k] : 0);
const when = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/** The coverage answer: shares per ring, per zone, line and point within 3 minutes. */
export function coverageView(rings: LiveRings, s: LiveSnapshot, patrol: PatrolTracker) {
  const thr = Array.from(rings.thresholds), nT = thr.length, k180 = thr.indexOf(180);
  const byRing = (a: Float64Array) => Object.fromEntries(thr.map((t, k) => [String(t), share(a, k)]));
  const { zones, lines, points } = rings.targets;
  const c = s.coverage;
  return {
    version: s.version,
    at: new Date(s.at).toISOString(),
    units: s.units,
    refreshMs: Math.round(s.refreshMs * 10) / 10,
    road: byRing(c.road),
    hotspots: byRing(c.hotspots),
    zones: zones.map((z, i) => ({ id: z.id, name: z.name, within180: share(c.zones, i * nT + k180) })),
    lines: lines.map((l, i) => ({ id: l.id, name: l.name, within180: share(c.lines, i * nT + k180), lastDrivenAt: when(patrol.lastDriven[i]) })),
    points: points.map((p, i) => ({
      id: p.id,
      name: p.name,
      seconds: Number.isFinite(c.points[i]) ? c.points[i] : null,
      within180: c.points[i] <= 180,
      lastVisitAt: when(patrol.lastVisit[i]),
      gapS: Number.isFinite(patrol.lastVisit[i]) ? Math.max(0, Math.round((s.at - patrol.lastVisit[i]) / 1000)) : null,
    })),
  };
}

export default async function rings(app: FastifyInstance, opts: RingsPluginOptions) {
  const live = app.rings;
  const period = opts.refreshMs ?? 1000;
  if (period > 0) {
    const timer = setInterval(() => {
      try {
        live.current();
      } catch (err) {
        app.log.error({ err }, 'ring refresh failed');
      }
    }, period);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }

  const Query = Type.Object({ minutes: Type.Optional(Type.String({ description: 'contour minutes, e.g. 1,3,5' })) }, { additionalProperties: false });
  app.get<{ Querystring: { minutes?: string } }>('/api/rings', { config: { roles: VIEW }, schema: { querystring: Query } }, async (req) => {
    const minutes = parseMinutesQuery(req.query.minutes);
    const same = minutes.length === LIVE_MINUTES.length && minutes.every((m, i) => m === LIVE_MINUTES[i]);
    if (same) {
      const s = live.current();
      return { ...s.rings.geojson, version: s.version, at: new Date(s.at).toISOString(), units: s.units };
    }
    const r = live.ringsFor(minutes);
    return { ...r.geojson, at: new Date(app.live.units.clock()).toISOString() };
  });

  app.get('/api/coverage', { config: { roles: VIEW }, schema: { response: { 200: CoverageAnswerSchema } } }, async () => coverageView(live, live.current(), app.patrol));
}
