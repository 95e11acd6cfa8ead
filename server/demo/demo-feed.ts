// The demo feed: the simulator run in real time (or faster) as if it were the city's units and
// callers. Its units report positions and statuses, its calls arrive as incidents, and its
// dispatches, arrivals and clears are sent as the incident actions a dispatcher and the units'
// terminals would send, all through a port (see demo-port.ts: the server's own HTTP and socket
// paths). The simulation is the truth; the feed sends what changed since the last tick.

import type { IncidentsConfig } from '../../shared/incident-schema.ts';
import type { PositionReportBody } from '../../shared/live-schema.ts';
import { profileBit } from '../../shared/roads.ts';
import { isBusyWithCall, type UnitStatus } from '../../shared/unit-status.ts';
import { Simulation, type SimIncident } from '../../sim/des/engine.ts';
import type { SimModel } from '../../sim/des/sim-model.ts';
import { generateIncidents } from '../../sim/incidents/index.ts';
import type { UnitAction } from '../live/incident-log.ts';

/** What the feed needs of the server. Every call may fail; the feed logs it and goes on. */
export interface DemoPort {
  positions(reports: PositionReportBody[]): Promise<void>;
  unitStatus(unitId: string, status: UnitStatus): Promise<void>;
  createIncident(call: { lon: number; lat: number; category: string; priority: number }): Promise<string>;
  act(incidentId: string, unitId: string, action: UnitAction): Promise<void>;
  close(incidentId: string, disposition: string): Promise<void>;
  /** ids of the incidents open on the server now */
  openIncidents(): Promise<string[]>;
}

export interface DemoOptions {
  seed: number;
  /** simulated seconds per wall-clock second (1 = real time) */
  speed: number;
  /** wall clock, ms */
  now: () => number;
  /** seconds since local midnight, and the weekday (0 = Monday), at the feed's start */
  startSecondOfDay: number;
  startWeekday: number;
  log?: (message: string, err?: unknown) => void;
}

/** Counts since the feed started, for the console and tests. */
export interface DemoCounts {
  ticks: number;
  reports: number;
  incidents: number;
  dispatches: number;
  arrivals: number;
  closed: number;
  failures: number;
}

const WEEK = 7 * 86400;
export const DEMO_DISPOSITION = 'handled (demo)';
export const DEMO_RESTART_DISPOSITION = 'closed at demo restart';
export const DEMO_UNREACHABLE_DISPOSITION = 'no road access (demo)';

interface OpenCall {
  id: string;
  /** the units the server has on it, and their part */
  units: Map<number, 'en_route' | 'on_scene'>;
}

export class DemoFeed {
  readonly counts: DemoCounts = { ticks: 0, reports: 0, incidents: 0, dispatches: 0, arrivals: 0, closed: 0, failures: 0 };
  private readonly wall0: number;
  private week = -1;
  private sim!: Simulation;
  private incidents: SimIncident[] = [];
  private cursor = 0;
  private open = new Map<number, OpenCall>();
  /** the status the server was last given (or set itself) per unit */
  private readonly sent: (UnitStatus | null)[];
  private readonly last: ({ lon: number; lat: number; t: number } | null)[];
  private busy = false;

  constructor(
    private readonly model: SimModel,
    private readonly calls: IncidentsConfig,
    private readonly port: DemoPort,
    private readonly opts: DemoOptions,
  ) {
    if (!(opts.speed > 0 && opts.speed <= 3600)) throw new RangeError(`speed: must be in (0, 3600] simulated seconds per second, got ${opts.speed}`);
    if (!calls.model) throw new RangeError('incidents.model: the demo feed needs an incident model to make calls');
    this.wall0 = opts.now();
    this.sent = model.units.map(() => null);
    this.last = model.units.map(() => null);
  }

  /** Simulated seconds since the local midnight of the day the feed started. */
  simSeconds(): number {
    return this.opts.startSecondOfDay + (this.opts.speed * (this.opts.now() - this.wall0)) / 1000;
  }

  /** The simulated time of day (what the live city's road speeds follow while the demo runs). */
  timeOfDay(): number {
    return ((this.simSeconds() % 86400) + 86400) % 86400;
  }

  /** Closes what a previous run left open (its units and calls are not this simulation's). */
  async start(): Promise<void> {
    for (const id of await this.call(() => this.port.openIncidents(), 'list open incidents', [] as string[])) {
      await this.call(() => this.port.close(id, DEMO_RESTART_DISPOSITION), `close ${id}`, undefined);
    }
  }

  /** Advances the simulation to now and sends what changed. Ticks never overlap. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const t = this.simSeconds();
      const week = Math.floor(t / WEEK);
      if (week !== this.week) await this.newWeek(week);
      this.sim.advanceTo(t - week * WEEK);
      await this.releases();
      await this.newCalls();
      await this.commitments();
      await this.statuses();
      await this.positions();
      this.counts.ticks++;
    } finally {
      this.busy = false;
    }
  }

  /** A fresh simulated week (the seed moves on with it); calls still open are closed first. */
  private async newWeek(week: number): Promise<void> {
    for (const call of this.open.values()) await this.call(() => this.port.close(call.id, DEMO_RESTART_DISPOSITION), `close ${call.id}`, undefined);
    this.open.clear();
    this.week = week;
    const cfg = this.calls;
    const model = cfg.model;
    if (!model) throw new RangeError('incidents.model: missing');
    const seed = (this.opts.seed + week) >>> 0;
    this.incidents = generateIncidents(model, cfg.categories, cfg.priorities, { graph: this.model.graph, profileMask: profileBit('car') }, { days: 7, seed, startWeekday: this.opts.startWeekday });
    this.cursor = 0;
    this.sim = new Simulation(this.model, this.incidents, { seed, seconds: WEEK, sampleEverySeconds: 0 }).start();
    this.sent.fill(null);
    this.last.fill(null);
  }

  /** Units the simulation took off a call (cleared, or turned to another), and calls it finished. */
  private async releases(): Promise<void> {
    const ids = this.model.units;
    for (const [i, call] of this.open) {
      const rec = this.sim.records[i];
      for (const [u, part] of call.units) {
        if (rec.assigned.includes(u)) continue;
        const action: UnitAction = part === 'on_scene' ? 'clear' : 'return';
        await this.call(() => this.port.act(call.id, ids[u].id, action), `${action} ${ids[u].id} on ${call.id}`, undefined);
        call.units.delete(u);
        this.sent[u] = 'returning';
      }
      // Finished, or a place the simulation's units cannot reach (it never sends anyone).
      if (!Number.isNaN(rec.clearedAt) || (rec.snapFailed && rec.assigned.length === 0)) {
        await this.call(() => this.port.close(call.id, rec.snapFailed ? DEMO_UNREACHABLE_DISPOSITION : DEMO_DISPOSITION), `close ${call.id}`, undefined);
        this.open.delete(i);
        this.counts.closed++;
      }
    }
  }

  /** Calls made up to now. At the start the feed joins mid-day: calls already finished are skipped. */
  private async newCalls(): Promise<void> {
    const now = this.sim.now;
    while (this.cursor < this.incidents.length && this.incidents[this.cursor].t <= now) {
      const i = this.cursor++;
      const inc = this.incidents[i], rec = this.sim.records[i];
      if (!Number.isNaN(rec.clearedAt)) continue;
      const id = await this.call(() => this.port.createIncident({ lon: inc.lon, lat: inc.lat, category: inc.category, priority: inc.priority }), `call ${inc.id}`, null);
      if (id === null) continue;
      this.open.set(i, { id, units: new Map() });
      this.counts.incidents++;
    }
  }

  /** Units the simulation sent (dispatch, then en route at once: it drives off) and arrivals. */
  private async commitments(): Promise<void> {
    const ids = this.model.units;
    for (const [i, call] of this.open) {
      for (const u of this.sim.records[i].assigned) {
        const unitId = ids[u].id;
        if (!call.units.has(u)) {
          await this.call(() => this.port.act(call.id, unitId, 'dispatch'), `dispatch ${unitId} to ${call.id}`, undefined);
          await this.call(() => this.port.act(call.id, unitId, 'en_route'), `${unitId} en route to ${call.id}`, undefined);
          call.units.set(u, 'en_route');
          this.sent[u] = 'en_route';
          this.counts.dispatches++;
        }
        if (this.sim.status[u] === 'on_scene' && call.units.get(u) !== 'on_scene') {
          await this.call(() => this.port.act(call.id, unitId, 'on_scene'), `${unitId} on scene at ${call.id}`, undefined);
          call.units.set(u, 'on_scene');
          this.sent[u] = 'on_scene';
          this.counts.arrivals++;
        }
      }
    }
  }

  /** Statuses outside calls: on patrol, at a post, driving back, on a break, off duty. */
  private async statuses(): Promise<void> {
    const committed = new Set<number>();
    for (const call of this.open.values()) for (const u of call.units.keys()) committed.add(u);
    for (let u = 0; u < this.model.units.length; u++) {
      const s = this.sim.status[u];
      if (committed.has(u) || isBusyWithCall(s) || this.sent[u] === s) continue;
      await this.call(() => this.port.unitStatus(this.model.units[u].id, s), `status of ${this.model.units[u].id}`, undefined);
      this.sent[u] = s;
    }
  }

  /** Every unit on duty reports where it is, with its speed and heading since the last report. */
  private async positions(): Promise<void> {
    const now = this.opts.now(), t = this.sim.now;
    const reports: PositionReportBody[] = [];
    for (let u = 0; u < this.model.units.length; u++) {
      if (this.sim.status[u] === 'off_duty') {
        this.last[u] = null;
        continue;
      }
      const p = this.sim.snappedOf(u);
      const r: PositionReportBody = { unitId: this.model.units[u].id, lon: round7(p.lon), lat: round7(p.lat), time: now };
      const prev = this.last[u];
      if (prev && t > prev.t) {
        const dx = (p.lon - prev.lon) * 111_320 * Math.cos((p.lat * Math.PI) / 180), dy = (p.lat - prev.lat) * 110_540;
        const d = Math.hypot(dx, dy);
        r.speedMps = Math.round((d / (t - prev.t)) * 10) / 10;
        if (d > 0.5) r.headingDeg = Math.round(((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360);
      }
      this.last[u] = { lon: p.lon, lat: p.lat, t };
      reports.push(r);
    }
    if (reports.length === 0) return;
    await this.call(() => this.port.positions(reports), 'report positions', undefined);
    this.counts.reports += reports.length;
  }

  private async call<T>(f: () => Promise<T>, what: string, fallback: T): Promise<T> {
    try {
      return await f();
    } catch (err) {
      this.counts.failures++;
      this.opts.log?.(`demo feed: ${what} failed`, err);
      return fallback;
    }
  }
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;
