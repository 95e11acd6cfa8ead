// The server's database: SQLite through better-sqlite3, in WAL mode with full syncs, in a data
// directory. What must not be lost lives here: the incident log, unit statuses, sampled position
// history, run results, live closures and patrol times. The schema carries its version (PRAGMA user_version) and is migrated
// forward on open.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type Db = Database.Database;

const MIGRATIONS: string[] = [
  // 1: incidents and their events, unit statuses, positions, runs
  `CREATE TABLE incidents (
     id TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     lon REAL NOT NULL,
     lat REAL NOT NULL,
     category TEXT NOT NULL,
     priority INTEGER NOT NULL,
     state TEXT NOT NULL,
     disposition TEXT,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX incidents_open ON incidents (state) WHERE state <> 'closed';
   CREATE TABLE incident_events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     incident_id TEXT NOT NULL REFERENCES incidents (id),
     at INTEGER NOT NULL,
     kind TEXT NOT NULL,
     unit_id TEXT,
     detail TEXT
   );
   CREATE INDEX incident_events_by_incident ON incident_events (incident_id, seq);
   CREATE TABLE unit_status (
     unit_id TEXT PRIMARY KEY,
     status TEXT NOT NULL,
     incident_id TEXT,
     at INTEGER NOT NULL
   );
   CREATE TABLE positions (
     unit_id TEXT NOT NULL,
     time INTEGER NOT NULL,
     lon REAL NOT NULL,
     lat REAL NOT NULL,
     speed_mps REAL,
     heading_deg REAL,
     PRIMARY KEY (unit_id, time)
   ) WITHOUT ROWID;
   CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     scenario TEXT NOT NULL,
     seed INTEGER NOT NULL,
     result TEXT
   );`,
  // 2: access tokens (only their SHA-256 is kept)
  `CREATE TABLE tokens (
     id TEXT PRIMARY KEY,
     hash TEXT NOT NULL UNIQUE,
     role TEXT NOT NULL,
     unit_id TEXT,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );`,
  // 3: server-side simulation runs: their state, progress, times, label, options, error and headline KPIs
  // (`scenario` holds the scenario's name; `inline_scenario` the document of an inline one)
  `ALTER TABLE runs ADD COLUMN name TEXT;
   ALTER TABLE runs ADD COLUMN state TEXT NOT NULL DEFAULT 'failed';
   ALTER TABLE runs ADD COLUMN days REAL NOT NULL DEFAULT 1;
   ALTER TABLE runs ADD COLUMN sample_every REAL;
   ALTER TABLE runs ADD COLUMN inline_scenario TEXT;
   ALTER TABLE runs ADD COLUMN started_at INTEGER;
   ALTER TABLE runs ADD COLUMN finished_at INTEGER;
   ALTER TABLE runs ADD COLUMN error TEXT;
   ALTER TABLE runs ADD COLUMN kpis TEXT;
   ALTER TABLE runs ADD COLUMN progress REAL NOT NULL DEFAULT 0;
   UPDATE runs SET state = 'done', progress = 1 WHERE result IS NOT NULL;
   CREATE INDEX runs_by_time ON runs (created_at);
   CREATE INDEX runs_active ON runs (state) WHERE state IN ('queued', 'running');`,
  // 4: live closures (lifted ones kept, with the time), and when each patrol line was last driven
  // and each patrol point last visited
  `CREATE TABLE closures (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     polygon TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     lifted_at INTEGER
   );
   CREATE TABLE patrol_times (
     kind TEXT NOT NULL CHECK (kind IN ('line', 'point')),
     target_id TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (kind, target_id)
   );`,
];

/** Opens (creating if needed) `<dir>/xunfang.db`, or a database in memory for ':memory:' (tests),
 *  and brings its schema up to date. */
export function openDatabase(dir: string): Db {
  let db: Db;
  if (dir === ':memory:') db = new Database(':memory:');
  else {
    mkdirSync(dir, { recursive: true });
    db = new Database(path.join(dir, 'xunfang.db'));
  }
  db.pragma('journal_mode = WAL');
  // Every commit reaches the disk before it returns: an acknowledged incident survives a crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) throw new Error(`database ${dir} has schema version ${version}, newer than this server's ${MIGRATIONS.length}`);
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
