// Server-side simulation runs: a bounded queue, one run at a time in its own thread (the server
// keeps the other core), progress in memory, and every state change in SQLite. A run's result is
// stored when it is done. Runs that a stopped server left queued or running are failed on start.
//
//   queued ──▶ running ──▶ done
//     │           ├──────▶ failed
//     └───────────┴──────▶ cancelled

import type { RunInput } from '../../sim/des/run.ts';
import type { Db } from '../store/database.ts';
import { startTask, type TaskThread } from './run-thread.ts';
import type { HeadlineKpis, RunProblem, RunReport } from './run-worker.ts';

export const RUN_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];
export const isFinished = (s: RunState): boolean => s === 'done' || s === 'failed' || s === 'cancelled';

/** Runs that may wait behind the running one (default). */
export const DEFAULT_MAX_QUEUED = 8;
/** An inline scenario that takes longer than this to load is refused (default). */
export const DEFAULT_LOAD_TIMEOUT_MS = 60_000;
export const STOPPED_REASON = 'the server stopped before the run finished';

export interface RunRequest {
  /** a label (default: the scenario's name) */
  name?: string;
  seed: number;
  days: number;
  sampleEverySeconds?: number;
  scenario: {
    name: string;
    /** the simulator's input, or how to make it when the run starts */
    input: RunInput | (() => RunInput);
    /** an inline scenario's document, kept with the run */
    doc?: unknown;
  };
}

/** A run as the API shows it (without its result). */
export interface RunView {
  id: string;
  name: string;
  scenario: string;
  inlineScenario: boolean;
  state: RunState;
  progress: number;
  seed: number;
  days: number;
  sampleEverySeconds: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error?: RunProblem;
  /** the headline KPIs, once done */
  kpis?: HeadlineKpis;
}

interface RunRow {
  id: string;
  created_at: number;
  scenario: string;
  seed: number;
  name: string | null;
  state: RunState;
  progress: number;
  days: number;
  sample_every: number | null;
  inline: number;
  started_at: number | null;
  finished_at: number | null;
  error: string | null;
  kpis: string | null;
}

interface ActiveRun {
  id: string;
  request: RunRequest;
  progress: number;
  thread: TaskThread | null;
}

/** No run taken now (the queue is full, or the server is stopping): the errors plugin answers 429 with the reason. */
export class RunsBusyError extends Error {
  readonly statusCode = 429;
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RunsBusyError';
  }
}

const STOPPING = 'the server is stopping; no runs are taken';

export type InlineLoad = { ok: true; input: RunInput } | { ok: false; problems: Required<RunProblem>[] };

export interface RunManagerOptions {
  maxQueued?: number;
  loadTimeoutMs?: number;
  /** where unexpected failures of a thread are logged */
  log?: (msg: string) => void;
  now?: () => number;
}

const COLUMNS = `id, created_at, scenario, seed, name, state, progress, days, sample_every, inline_scenario IS NOT NULL AS inline, started_at, finished_at, error, kpis`;
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export class RunManager {
  private readonly queue: ActiveRun[] = [];
  private running: ActiveRun | null = null;
  /** inline scenarios being loaded: each thread, and how its caller is told it was stopped */
  private readonly loads = new Map<TaskThread, () => void>();
  private closed = false;
  private nextNumber: number;
  private readonly maxQueued: number;
  private readonly loadTimeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly opts: RunManagerOptions = {},
  ) {
    this.maxQueued = opts.maxQueued ?? DEFAULT_MAX_QUEUED;
    this.loadTimeoutMs = opts.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
    this.now = opts.now ?? Date.now;
    const max = db.prepare(`SELECT MAX(CAST(substr(id, 2) AS INTEGER)) AS n FROM runs WHERE id GLOB 'R[0-9]*'`).get() as { n: number | null };
    this.nextNumber = (max.n ?? 0) + 1;
  }

  /** Fails the runs a previous process left queued or running; returns how many. */
  recover(): number {
    return this.db
      .prepare(`UPDATE runs SET state = 'failed', error = ?, finished_at = ? WHERE state IN ('queued', 'running')`)
      .run(JSON.stringify({ reason: STOPPED_REASON }), this.now()).changes;
  }

  /** Runs waiting and running, for /metrics. */
  counts(): { queued: number; running: number; loading: number } {
    return { queued: this.queue.length, running: this.running ? 1 : 0, loading: this.loads.size };
  }

  /** Throws RunsBusyError when no more runs may wait (inline scenarios being loaded count). */
  assertRoom(): void {
    if (this.closed) throw new RunsBusyError(STOPPING);
    if (this.queue.length + this.loads.size >= this.maxQueued) {
      throw new RunsBusyError(`the run queue is full (${this.maxQueued} runs waiting behind the running one); retry when one has finished, or cancel one`);
    }
  }

  /** Loads an inline scenario in a thread of its own: its input, or every problem found. */
  loadInline(doc: unknown): Promise<InlineLoad> {
    this.assertRoom();
    return new Promise((resolve, reject) => {
      const done = (r: InlineLoad) => {
        clearTimeout(timer);
        this.loads.delete(thread);
        resolve(r);
      };
      const thread = startTask(
        { kind: 'load', doc },
        (r: RunReport) => {
          if (r.kind === 'loaded') done({ ok: true, input: r.input });
          else if (r.kind === 'invalid') done({ ok: false, problems: r.problems });
          else if (r.kind === 'failed') done({ ok: false, problems: [{ field: 'body.scenario', reason: r.error.reason }] });
        },
        this.opts.log,
      );
      this.loads.set(thread, () => {
        clearTimeout(timer);
        reject(new RunsBusyError(STOPPING));
      });
      const timer = setTimeout(() => {
        void thread.stop();
        done({ ok: false, problems: [{ field: 'body.scenario', reason: `took longer than ${this.loadTimeoutMs / 1000} s to load; the server takes smaller scenarios` }] });
      }, this.loadTimeoutMs);
    });
  }

  /** Queues a run (stored before it is answered) and starts it if nothing is running. */
  create(request: RunRequest): RunView {
    this.assertRoom();
    const id = `R${this.nextNumber++}`;
    const doc = request.scenario.doc === undefined ? null : JSON.stringify(request.scenario.doc);
    this.db
      .prepare(`INSERT INTO runs (id, created_at, scenario, seed, name, state, days, sample_every, inline_scenario) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)`)
      .run(id, this.now(), request.scenario.name, request.seed, request.name ?? request.scenario.name, request.days, request.sampleEverySeconds ?? null, doc);
    this.queue.push({ id, request, progress: 0, thread: null });
    this.pump();
    return this.get(id) as RunView;
  }

  /** A run's view, or undefined for an unknown id. */
  get(id: string): RunView | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
    return row && this.view(row);
  }

  /** A done run's result as stored (the JSON text `xunfang run` writes), or null. */
  resultJson(id: string): string | null {
    const row = this.db.prepare(`SELECT result FROM runs WHERE id = ? AND state = 'done'`).get(id) as { result: string | null } | undefined;
    return row?.result ?? null;
  }

  /** The latest runs, newest first. */
  list(limit: number): RunView[] {
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM runs ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(limit) as RunRow[];
    return rows.map((r) => this.view(r));
  }

  /**
   * Cancels a queued or running run (a running one's thread is ended); returns its view, or
   * undefined for an unknown id, or the finished run unchanged (`cancelled` false).
   */
  cancel(id: string): { run: RunView; cancelled: boolean } | undefined {
    const queued = this.queue.findIndex((r) => r.id === id);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.finish(id, 'cancelled', {});
    } else if (this.running?.id === id) {
      const r = this.running;
      this.running = null;
      void r.thread?.stop();
      this.finish(id, 'cancelled', { progress: r.progress });
      this.pump();
    } else {
      const run = this.get(id);
      return run && { run, cancelled: false };
    }
    return { run: this.get(id) as RunView, cancelled: true };
  }

  /** Ends every thread; runs not finished are failed (the server is stopping). */
  async close(): Promise<void> {
    this.closed = true;
    const stops = [...this.loads].map(([thread, stopped]) => {
      stopped();
      return thread.stop();
    });
    this.loads.clear();
    const unfinished = [...this.queue, ...(this.running ? [this.running] : [])];
    this.queue.length = 0;
    if (this.running?.thread) stops.push(this.running.thread.stop());
    this.running = null;
    if (this.db.open) for (const r of unfinished) this.finish(r.id, 'failed', { progress: r.progress, error: { reason: STOPPED_REASON } });
    await Promise.all(stops);
  }

  private view(row: RunRow): RunView {
    const progress = this.running?.id === row.id ? this.running.progress : row.progress;
    return {
      id: row.id,
      name: row.name ?? row.scenario,
      scenario: row.scenario,
      inlineScenario: row.inline === 1,
      state: row.state,
      progress,
      seed: row.seed,
      days: row.days,
      sampleEverySeconds: row.sample_every,
      createdAt: iso(row.created_at) as string,
      startedAt: iso(row.started_at),
      finishedAt: iso(row.finished_at),
      ...(row.error ? { error: JSON.parse(row.error) as RunProblem } : {}),
      ...(row.kpis ? { kpis: JSON.parse(row.kpis) as HeadlineKpis } : {}),
    };
  }

  private finish(id: string, state: 'done' | 'failed' | 'cancelled', out: { progress?: number; error?: RunProblem; resultJson?: string; kpis?: HeadlineKpis }): void {
    const progress = state === 'done' ? 1 : (out.progress ?? 0);
    this.db
      .prepare(`UPDATE runs SET state = ?, progress = ?, finished_at = ?, error = ?, result = ?, kpis = ? WHERE id = ?`)
      .run(state, progress, this.now(), out.error ? JSON.stringify(out.error) : null, out.resultJson ?? null, out.kpis ? JSON.stringify(out.kpis) : null, id);
  }

  /** Starts the next queued run if none is running. */
  private pump(): void {
    if (this.running || this.closed) return;
    const run = this.queue.shift();
    if (!run) return;
    this.running = run;
    this.db.prepare(`UPDATE runs SET state = 'running', started_at = ? WHERE id = ?`).run(this.now(), run.id);
    const { request } = run;
    let input: RunInput;
    try {
      input = typeof request.scenario.input === 'function' ? request.scenario.input() : request.scenario.input;
    } catch (err) {
      this.ended(run, { kind: 'failed', error: { field: 'scenario', reason: (err as Error).message } });
      return;
    }
    run.thread = startTask(
      { kind: 'run', input, seed: request.seed, days: request.days, ...(request.sampleEverySeconds !== undefined ? { sampleEverySeconds: request.sampleEverySeconds } : {}) },
      (r) => {
        if (r.kind === 'progress') run.progress = r.fraction;
        else this.ended(run, r);
      },
      this.opts.log,
    );
  }

  private ended(run: ActiveRun, r: RunReport): void {
    if (this.running !== run) return; // cancelled meanwhile
    this.running = null;
    if (r.kind === 'done') this.finish(run.id, 'done', { resultJson: r.resultJson, kpis: r.kpis });
    else this.finish(run.id, 'failed', { progress: run.progress, error: r.kind === 'failed' ? r.error : { reason: `unexpected report ${r.kind}` } });
    this.pump();
  }
}
