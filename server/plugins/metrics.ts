// GET /metrics in the Prometheus text format: requests and position reports taken, ring refresh
// times, open incidents, units reporting, the run queue. Counters are kept here; the rest is
// read when scraped.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PUBLIC } from '../auth/roles.ts';

// Shared (fastify-plugin), so its hook sees every route's answers.
export default fp(async function metrics(app: FastifyInstance) {
  let requests = 0, reports = 0;
  const byStatus = new Map<number, number>();
  app.addHook('onResponse', async (req, reply) => {
    requests++;
    byStatus.set(reply.statusCode, (byStatus.get(reply.statusCode) ?? 0) + 1);
    if (reply.statusCode < 300 && (req.url.startsWith('/osmand') || req.url.startsWith('/api/positions'))) reports++;
  });
  app.get('/metrics', { config: { roles: PUBLIC } }, async (_req, reply) => {
    const units = app.live.units, now = units.clock();
    const all = units.all();
    const snap = app.rings.latest();
    const lines = [
      '# HELP xunfang_http_requests_total HTTP requests answered, by status code.',
      '# TYPE xunfang_http_requests_total counter',
      ...[...byStatus].sort((a, b) => a[0] - b[0]).map(([code, n]) => `xunfang_http_requests_total{code="${code}"} ${n}`),
      '# HELP xunfang_position_requests_total Accepted position requests (OsmAnd reports and batches).',
      '# TYPE xunfang_position_requests_total counter',
      `xunfang_position_requests_total ${reports}`,
      '# HELP xunfang_units Units known, and units reporting (a fix that is not stale).',
      '# TYPE xunfang_units gauge',
      `xunfang_units{state="known"} ${all.length}`,
      `xunfang_units{state="reporting"} ${all.filter((u) => !units.isStale(u, now)).length}`,
      '# HELP xunfang_ring_refresh_seconds Time the latest ring and coverage refresh took.',
      '# TYPE xunfang_ring_refresh_seconds gauge',
      `xunfang_ring_refresh_seconds ${snap ? snap.refreshMs / 1000 : 0}`,
      '# HELP xunfang_incidents_open Incidents not closed.',
      '# TYPE xunfang_incidents_open gauge',
      `xunfang_incidents_open ${app.incidents.list().length}`,
      '# HELP xunfang_runs Simulation runs queued and running, and inline scenarios being loaded for one.',
      '# TYPE xunfang_runs gauge',
      ...(app.hasDecorator('runs') ? Object.entries(app.runs.counts()).map(([state, n]) => `xunfang_runs{state="${state}"} ${n}`) : []),
      '# HELP xunfang_http_requests_all_total HTTP requests answered.',
      '# TYPE xunfang_http_requests_all_total counter',
      `xunfang_http_requests_all_total ${requests}`,
    ];
    return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
});
