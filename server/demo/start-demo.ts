// Starts the demo feed against a listening server: its own tokens (a device gateway for
// positions, a dispatcher for calls and actions; those of an earlier start are revoked), a tick
// every second, and stopped when the server closes.

import type { FastifyInstance } from 'fastify';
import { secondsOfDay, weekdayOf } from '../live/city-clock.ts';
import { DemoFeed } from './demo-feed.ts';
import { networkPort } from './demo-port.ts';

export const DEMO_TOKEN_NAMES = ['demo feed (device gateway)', 'demo feed (dispatcher)'] as const;

export interface DemoSettings {
  seed: number;
  speed: number;
  /** ms between ticks (default 1000) */
  everyMs?: number;
  now?: () => number;
  /** where the simulated week starts (default: the scenario's local time now) */
  startAt?: { secondOfDay: number; weekday: number };
}

/** The feed's clock must exist before the live city (whose road speeds follow it): make it first. */
export class DemoClock {
  feed: DemoFeed | null = null;
  constructor(private readonly timeZone?: string) {}
  /** For the live city: the demo's time of day once it runs, the wall clock's before. */
  readonly timeOfDay = (): number => this.feed?.timeOfDay() ?? secondsOfDay(Date.now(), this.timeZone);
}

/** Starts the feed; `stop` ends its ticks and its connection (call it before closing the server). */
export async function startDemo(app: FastifyInstance, baseUrl: string, settings: DemoSettings, clock?: DemoClock): Promise<{ feed: DemoFeed; stop: () => void }> {
  const scenario = app.live.scenario;
  const calls = scenario.scenario.incidents;
  if (!calls?.model) throw new RangeError('incidents.model: the scenario has no incident model, so the demo feed has no calls to make (run with --no-demo)');
  for (const t of app.tokens.list()) if ((DEMO_TOKEN_NAMES as readonly string[]).includes(t.name)) app.tokens.revoke(t.id);
  const device = app.tokens.create('device', DEMO_TOKEN_NAMES[0]).token;
  const dispatcher = app.tokens.create('dispatcher', DEMO_TOKEN_NAMES[1]).token;
  const port = networkPort(baseUrl, { device, dispatcher });
  const now = settings.now ?? Date.now;
  const tz = scenario.scenario.timezone;
  const feed = new DemoFeed(app.live.model, calls, port, {
    seed: settings.seed,
    speed: settings.speed,
    now,
    startSecondOfDay: settings.startAt?.secondOfDay ?? secondsOfDay(now(), tz),
    startWeekday: settings.startAt?.weekday ?? weekdayOf(now(), tz),
    log: (message, err) => app.log.warn({ err }, message),
  });
  if (clock) clock.feed = feed;
  await feed.start();
  await feed.tick();
  const timer = setInterval(() => void feed.tick().catch((err: unknown) => app.log.error({ err }, 'demo feed tick failed')), settings.everyMs ?? 1000);
  return {
    feed,
    stop: () => {
      clearInterval(timer);
      port.disconnect();
    },
  };
}
