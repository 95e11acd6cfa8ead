// GET /metrics in the Prometheus text format: requests and position reports taken (by path and
// outcome), socket clients, ring refresh times, open incidents, units reporting, the run queue. Counters are kept here; the rest is
// read when scraped.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PUBLIC } from '../auth/roles.ts';

/** Position reports by path and outcome, counted by the ingestion paths. */
export class IngestCounts {
  private readonly counts = new Map<string, number>();
  add(path: 'batch' | 'osmand' | 'feed', outcome: 'accepted' | 'ignored' | 'rejected', n = 1): void {
    if (n === 0) return;
    const key = `${path}|${outcome}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  entries(): [string, string, number][] {
    return [...this.counts].map(([k, n]) => [...(k.split('|') as [string, string]), n]);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    ingestCounts: IngestCounts;
  }
}

function openByState(states: string[]): string[] {
  const n = new Map<string, number>(['new', 'dispatched', 'en_route', 'on_scene'].map((s) => [s, 0]));
  for (const s of states) n.set(s, (n.get(s) ?? 0) + 1);
  return [...n].map(([state, count]) => `xunfang_incidents_open{state="${state}"} ${count}`);
}

// Shared (fastify-plugin), so its hook sees every route's answers.
export default fp(async function metrics(app: FastifyInstance) {
  app.decorate('ingestCounts', new IngestCounts());
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
      '# HELP xunfang_positions_total Position reports by path (batch: POST /api/positions, osmand, feed: the socket.io /feed namespace) and outcome.',
      '# TYPE xunfang_positions_total counter',
      ...app.ingestCounts.entries().map(([path, outcome, n]) => `xunfang_positions_total{path="${path}",outcome="${outcome}"} ${n}`),
      '# HELP xunfang_socket_clients Connected socket.io clients, by namespace (/ the live feed, /feed position feeds).',
      '# TYPE xunfang_socket_clients gauge',
      ...(app.hasDecorator('io') ? ['/', '/feed'].map((ns) => `xunfang_socket_clients{namespace="${ns}"} ${app.io.of(ns).sockets.size}`) : []),
      '# HELP xunfang_units Units known, and units reporting (a fix that is not stale).',
      '# TYPE xunfang_units gauge',
      `xunfang_units{state="known"} ${all.length}`,
      `xunfang_units{state="reporting"} ${all.filter((u) => !units.isStale(u, now)).length}`,
      '# HELP xunfang_ring_refresh_seconds Time the latest ring and coverage refresh took.',
      '# TYPE xunfang_ring_refresh_seconds gauge',
      `xunfang_ring_refresh_seconds ${snap ? snap.refreshMs / 1000 : 0}`,
      '# HELP xunfang_incidents_open Incidents not closed, by state (new ones wait for a unit).',
      '# TYPE xunfang_incidents_open gauge',
      ...openByState(app.incidents.list().map((i) => i.state)),
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
