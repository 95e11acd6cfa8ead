// Incidents and what happens to them: created (接警), units dispatched (派警), on their way
// (出警中), on scene (到场), cleared, or returned (退单), and closed with a disposition (处结).
// Every change is written to the database in one transaction before it is applied in memory and
// acknowledged, and the open incidents and unit statuses are read back on start, so a crash
// loses nothing that was acknowledged.

import { isAvailable, isBusyWithCall, type UnitStatus } from '../../shared/unit-status.ts';
import type { Db } from '../store/database.ts';
import type { LiveUnits } from './live-units.ts';
import { Listeners } from './listeners.ts';
import { ReportError } from './report-errors.ts';

export const INCIDENT_STATES = ['new', 'dispatched', 'en_route', 'on_scene', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** EIDO incident status for each state. */
export const EIDO_INCIDENT: Readonly<Record<IncidentState, string>> = {
  new: 'Active',
  dispatched: 'ResourcesAssigned',
  en_route: 'ResourcesEnroute',
  on_scene: 'ResourcesOnscene',
  closed: 'Closed',
};

/** What a dispatcher or a unit's crew reports about a unit on an incident. */
export const UNIT_ACTIONS = ['dispatch', 'en_route', 'on_scene', 'clear', 'return'] as const;
export type UnitAction = (typeof UNIT_ACTIONS)[number];

/** A unit's part in an incident. */
type Part = 'dispatched' | 'en_route' | 'on_scene';

export interface Incident {
  id: string;
  createdAt: number;
  lon: number;
  lat: number;
  category: string;
  priority: number;
  state: IncidentState;
  disposition: string | null;
  updatedAt: number;
  /** units on it now */
  units: Map<string, Part>;
}

/** An action that does not fit the incident's or the unit's state (HTTP 409). */
export class IncidentConflict extends ReportError {
  constructor(field: string, reason: string) {
    super(field, reason, 'conflict');
  }
}

/** The incident's state from its units' parts (the furthest along wins). */
function stateOf(inc: Incident): IncidentState {
  if (inc.state === 'closed') return 'closed';
  const parts = [...inc.units.values()];
  if (parts.includes('on_scene')) return 'on_scene';
  if (parts.includes('en_route')) return 'en_route';
  if (parts.includes('dispatched')) return 'dispatched';
  return 'new';
}

interface IncidentRow {
  id: string;
  created_at: number;
  lon: number;
  lat: number;
  category: string;
  priority: number;
  state: IncidentState;
  disposition: string | null;
  updated_at: number;
}

/** A unit's event replayed onto the parts of its incident. */
function applyEvent(units: Map<string, Part> | undefined, kind: string, unitId: string): void {
  if (!units) return;
  if (kind === 'dispatch') units.set(unitId, 'dispatched');
  else if (kind === 'en_route' || kind === 'on_scene') units.set(unitId, kind);
  else if (kind === 'clear' || kind === 'return') units.delete(unitId);
}

const fromRow = (row: IncidentRow, units: Map<string, Part>): Incident => ({
  id: row.id,
  createdAt: row.created_at,
  lon: row.lon,
  lat: row.lat,
  category: row.category,
  priority: row.priority,
  state: row.state,
  disposition: row.disposition,
  updatedAt: row.updated_at,
  units,
});

export class IncidentLog {
  private readonly open = new Map<string, Incident>();
  private next: number;
  /** after every stored change (the realtime feed listens) */
  readonly changed = new Listeners<[Incident]>();

  constructor(
    private readonly db: Db,
    private readonly units: LiveUnits,
  ) {
    this.next = (db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n + 1;
    this.restore();
  }

  /** Open incidents (and closed ones when asked), newest first. */
  list(includeClosed = false, limit = 500): ReturnType<IncidentLog['view']>[] {
    if (!includeClosed) return [...this.open.values()].sort((a, b) => b.createdAt - a.createdAt).map((i) => this.view(i));
    // Two queries for the whole page: the incidents, then their unit events in order.
    const rows = this.db.prepare('SELECT * FROM incidents ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as IncidentRow[];
    const parts = new Map<string, Map<string, Part>>(rows.map((r) => [r.id, new Map()]));
    const events = this.db
      .prepare('SELECT e.incident_id, e.kind, e.unit_id FROM incident_events e JOIN (SELECT id FROM incidents ORDER BY created_at DESC, id DESC LIMIT ?) i ON i.id = e.incident_id WHERE e.unit_id IS NOT NULL ORDER BY e.seq')
      .all(limit) as { incident_id: string; kind: string; unit_id: string }[];
    for (const e of events) applyEvent(parts.get(e.incident_id), e.kind, e.unit_id);
    return rows.map((r) => this.view(this.open.get(r.id) ?? fromRow(r, parts.get(r.id) ?? new Map())));
  }

  get(id: string): ReturnType<IncidentLog['view']> {
    const inc = this.open.get(id) ?? this.load(id);
    if (!inc) throw new ReportError('id', `no incident "${id}"`, 'not_found');
    return this.view(inc);
  }

  /** A new incident, stored before it is returned. */
  create(call: { lon: number; lat: number; category: string; priority: number }): Incident {
    const at = this.units.clock();
    const inc: Incident = { id: `I${this.next}`, createdAt: at, ...call, state: 'new', disposition: null, updatedAt: at, units: new Map() };
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO incidents (id, created_at, lon, lat, category, priority, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(inc.id, at, inc.lon, inc.lat, inc.category, inc.priority, 'new', at);
      this.event(inc.id, at, 'created', null, null);
    })();
    this.next++;
    this.open.set(inc.id, inc);
    this.changed.emit(inc);
    return inc;
  }

  /** A unit's action on an incident; checked, stored, then applied. */
  act(id: string, unitId: string, action: UnitAction): Incident {
    const inc = this.open.get(id);
    if (!inc) throw this.load(id) ? new IncidentConflict('id', `incident ${id} is closed`) : new ReportError('id', `no incident "${id}"`, 'not_found');
    const unit = this.units.get(unitId);
    if (!unit) throw new ReportError('unitId', `no unit "${unitId}" is known`, 'unknown_unit');
    const part = inc.units.get(unitId);
    let nextPart: Part | null;
    let status: UnitStatus;
    switch (action) {
      case 'dispatch':
        if (part) throw new IncidentConflict('unitId', `${unitId} is already on ${id}`);
        if (!isAvailable(unit.status)) throw new IncidentConflict('unitId', `${unitId} is not available (${unit.status})`);
        [nextPart, status] = ['dispatched', 'dispatched'];
        break;
      case 'en_route':
        if (part !== 'dispatched') throw new IncidentConflict('action', `${unitId} must be dispatched to ${id} first (it is ${part ?? 'not on it'})`);
        [nextPart, status] = ['en_route', 'en_route'];
        break;
      case 'on_scene':
        if (part !== 'dispatched' && part !== 'en_route') throw new IncidentConflict('action', `${unitId} is not on its way to ${id} (it is ${part ?? 'not on it'})`);
        [nextPart, status] = ['on_scene', 'on_scene'];
        break;
      case 'clear':
      case 'return':
        if (!part) throw new IncidentConflict('unitId', `${unitId} is not on ${id}`);
        if (action === 'return' && part === 'on_scene') throw new IncidentConflict('action', `${unitId} is on scene: clear it instead of returning the order`);
        [nextPart, status] = [null, 'returning'];
        break;
    }
    const at = this.units.clock();
    const after = new Map(inc.units);
    if (nextPart) after.set(unitId, nextPart);
    else after.delete(unitId);
    const state = stateOf({ ...inc, units: after });
    this.db.transaction(() => {
      this.event(id, at, action, unitId, null);
      this.db.prepare('UPDATE incidents SET state = ?, updated_at = ? WHERE id = ?').run(state, at, id);
      this.db.prepare('INSERT INTO unit_status (unit_id, status, incident_id, at) VALUES (?, ?, ?, ?) ON CONFLICT (unit_id) DO UPDATE SET status = excluded.status, incident_id = excluded.incident_id, at = excluded.at').run(unitId, status, nextPart ? id : null, at);
    })();
    inc.units = after;
    inc.state = state;
    inc.updatedAt = at;
    this.units.setStatus(unitId, status);
    this.changed.emit(inc);
    return inc;
  }

  /**
   * A unit's own status outside calls (on patrol, at a post, on a break, off duty), as its
   * terminal or a dispatcher reports it; stored before it applies. Statuses of a call come from
   * the call's actions, so they are refused here, as is any change while the unit is on a call.
   */
  setUnitStatus(unitId: string, status: UnitStatus): void {
    const unit = this.units.get(unitId);
    if (!unit) throw new ReportError('unitId', `no unit "${unitId}" is known`, 'unknown_unit');
    if (isBusyWithCall(status)) throw new ReportError('status', `${status} is set by the incident's actions (POST /api/incidents/:id/units), not directly`);
    for (const inc of this.open.values()) {
      const part = inc.units.get(unitId);
      if (part) throw new IncidentConflict('unitId', `${unitId} is ${part} on ${inc.id}: clear it or return the order first`);
    }
    if (unit.status === status) return;
    const at = this.units.clock();
    this.db.prepare('INSERT INTO unit_status (unit_id, status, incident_id, at) VALUES (?, ?, NULL, ?) ON CONFLICT (unit_id) DO UPDATE SET status = excluded.status, incident_id = NULL, at = excluded.at').run(unitId, status, at);
    this.units.setStatus(unitId, status);
  }

  /** Closes an incident with its disposition; units still on it are released. */
  close(id: string, disposition: string): Incident {
    const inc = this.open.get(id);
    if (!inc) throw this.load(id) ? new IncidentConflict('id', `incident ${id} is already closed`) : new ReportError('id', `no incident "${id}"`, 'not_found');
    const at = this.units.clock();
    this.db.transaction(() => {
      for (const unitId of inc.units.keys()) {
        this.event(id, at, 'clear', unitId, 'closed');
        this.db.prepare('INSERT INTO unit_status (unit_id, status, incident_id, at) VALUES (?, ?, NULL, ?) ON CONFLICT (unit_id) DO UPDATE SET status = excluded.status, incident_id = NULL, at = excluded.at').run(unitId, 'returning', at);
      }
      this.event(id, at, 'closed', null, disposition);
      this.db.prepare("UPDATE incidents SET state = 'closed', disposition = ?, updated_at = ? WHERE id = ?").run(disposition, at, id);
    })();
    for (const unitId of inc.units.keys()) if (this.units.get(unitId)) this.units.setStatus(unitId, 'returning');
    inc.units = new Map();
    inc.state = 'closed';
    inc.disposition = disposition;
    inc.updatedAt = at;
    this.open.delete(id);
    this.changed.emit(inc);
    return inc;
  }

  /** The wire form of an incident. */
  view(inc: Incident) {
    return {
      id: inc.id,
      createdAt: new Date(inc.createdAt).toISOString(),
      updatedAt: new Date(inc.updatedAt).toISOString(),
      lon: inc.lon,
      lat: inc.lat,
      category: inc.category,
      priority: inc.priority,
      state: inc.state,
      eido: EIDO_INCIDENT[inc.state],
      disposition: inc.disposition,
      units: [...inc.units].map(([unitId, part]) => ({ unitId, part })),
    };
  }

  private event(id: string, at: number, kind: string, unitId: string | null, detail: string | null): void {
    this.db.prepare('INSERT INTO incident_events (incident_id, at, kind, unit_id, detail) VALUES (?, ?, ?, ?, ?)').run(id, at, kind, unitId, detail);
  }

  /** An incident as stored, with its units' parts replayed from its events. */
  private load(id: string): Incident | null {
    const row = this.db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined;
    if (!row) return null;
    const units = new Map<string, Part>();
    for (const e of this.db.prepare('SELECT kind, unit_id FROM incident_events WHERE incident_id = ? AND unit_id IS NOT NULL ORDER BY seq').all(id) as { kind: string; unit_id: string }[]) applyEvent(units, e.kind, e.unit_id);
    return fromRow(row, units);
  }

  /** Open incidents and unit statuses as the database has them (after a restart or a crash). */
  private restore(): void {
    for (const { id } of this.db.prepare("SELECT id FROM incidents WHERE state <> 'closed'").all() as { id: string }[]) {
      const inc = this.load(id);
      if (inc) this.open.set(id, inc);
    }
    for (const r of this.db.prepare('SELECT unit_id, status FROM unit_status').all() as { unit_id: string; status: UnitStatus }[]) {
      if (this.units.get(r.unit_id)) this.units.setStatus(r.unit_id, r.status);
    }
  }
}
