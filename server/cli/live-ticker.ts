// A line on the console every few seconds while `serve` runs: the city's clock, units on the
// road and free, open incidents, the share of road inside the 3-minute ring, and what the demo
// feed has done. Until the web app exists it is how `npm start` shows the live city.

import type { FastifyInstance } from 'fastify';
import { isAvailable } from '../../shared/unit-status.ts';
import type { DemoFeed } from '../demo/demo-feed.ts';

const hhmm = (s: number) => `${String(Math.floor(s / 3600) % 24).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}`;

export function liveLine(app: FastifyInstance, feed: DemoFeed | null): string {
  const units = app.live.units, now = units.clock();
  const all = units.all();
  const reporting = all.filter((u) => !units.isStale(u, now));
  const free = reporting.filter((u) => isAvailable(u.status)).length;
  const open = app.incidents.list();
  const byState = new Map<string, number>();
  for (const i of open) byState.set(i.state, (byState.get(i.state) ?? 0) + 1);
  const snap = app.rings.latest();
  const k = snap ? Array.from(app.rings.thresholds).indexOf(180) : -1;
  const ring3 = snap && k >= 0 ? `${(100 * snap.coverage.road[k]).toFixed(1)}%` : '–';
  const states = [...byState].map(([s, n]) => `${n} ${s}`).join(', ');
  const demo = feed ? ` · demo: ${feed.counts.incidents} calls, ${feed.counts.dispatches} dispatches, ${feed.counts.closed} closed${feed.counts.failures ? `, ${feed.counts.failures} failed sends` : ''}` : '';
  return `${hhmm(app.live.timeOfDay())} · units ${reporting.length}/${all.length} reporting, ${free} free · incidents open ${open.length}${states ? ` (${states})` : ''} · road in 3-min ring ${ring3}${demo}`;
}

/** Prints liveLine every `everyMs`; returns the function that stops it. */
export function startTicker(app: FastifyInstance, feed: DemoFeed | null, write: (s: string) => void, everyMs = 10_000): () => void {
  const timer = setInterval(() => write(`${liveLine(app, feed)}\n`), everyMs);
  return () => clearInterval(timer);
}
