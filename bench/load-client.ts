// The load generator of the live-server load bench, run as a child process (forked by
// load-bench.ts), so it never shares an event loop with the server it measures. It drives position
// reports over keep-alive HTTP connections (OsmAnd GET, JSON single, JSON batches) and watches the
// socket.io position frames with many clients, and answers each job with raw latencies.
//
// Every unit walks its own track (road nodes picked by the parent from the seeded stream), one
// point further per report, back and forth; report times are the generator's clock in ms, made
// strictly increasing per unit, so every report moves its unit forward in time.

import net from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PositionsFrame, ServerToClientEvents } from '../shared/realtime.ts';

export interface InitJob {
  kind: 'init';
  url: string;
  /** token for reports (a device token) and for watching (an admin token) */
  reportToken: string;
  watchToken: string;
  unitIds: string[];
  /** per unit, `trackLength` points of [lon, lat], unit after unit */
  tracks: Float64Array;
  trackLength: number;
}

export type SingleMode = 'osmand' | 'json';

export interface SingleJob {
  kind: 'single';
  mode: SingleMode;
  connections: number;
  warmupMs: number;
  durationMs: number;
}

export interface BatchJob {
  kind: 'batch';
  batchSize: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
}

export interface FanoutJob {
  kind: 'fanout';
  clients: number;
  /** the units' reports of each second go out in this many batches, spread over the second */
  slices: number;
  warmupMs: number;
  durationMs: number;
}

export type Job = InitJob | SingleJob | BatchJob | FanoutJob;

/** What a load job measured (after its warm-up). */
export interface LoadResult {
  kind: 'result';
  /** request latencies (ms), or frame delivery delays (ms) for fan-out */
  latencies: Float64Array;
  /** positions the server accepted in each whole second of the measured span */
  perSecond: number[];
  requests: number;
  /** answers other than 200, with one example */
  errors: number;
  firstError: string | null;
  /** fan-out: frames each client got in the measured span, and frames the server built then */
  framesPerClient?: number[];
  framesExpected?: number;
}

let init: InitJob | null = null;
let host = '', port = 0;
let step: Uint32Array, lastTime: Float64Array;

/** The next report of unit u: its next track point and a time later than its last one. */
function nextReport(u: number): { lon: number; lat: number; time: number } {
  const job = init!;
  const k = job.trackLength, period = 2 * k - 2;
  const s = step[u]++ % period, i = s < k ? s : period - s;
  const at = (u * k + i) * 2;
  const time = Math.max(Date.now(), lastTime[u] + 1);
  lastTime[u] = time;
  return { lon: job.tracks[at], lat: job.tracks[at + 1], time };
}

interface Answer {
  status: number;
  body: string;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection with one request in flight at a time. A load generator of
 * its own (as wrk and autocannon are): node's http client costs about as much CPU per request as
 * the server it loads, and on two cores that CPU is taken from the server. It reads what Fastify
 * answers: a status line, headers with Content-Length, and the body.
 */
class Connection {
  private readonly socket: net.Socket;
  private chunks: Buffer[] = [];
  private size = 0;
  private waiting: { resolve: (a: Answer) => void; reject: (e: Error) => void } | null = null;
  private readonly ready: Promise<void>;

  constructor() {
    this.socket = net.connect({ host, port, noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('data', (d: Buffer) => this.data(d));
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  async request(method: 'GET' | 'POST', path: string, body?: string): Promise<Answer> {
    await this.ready;
    if (this.waiting) throw new Error('one request at a time on a connection');
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\n`;
    if (body !== undefined) head += `Authorization: Bearer ${init!.reportToken}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(`${head}\r\n${body ?? ''}`);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private data(d: Buffer): void {
    this.chunks.push(d);
    this.size += d.length;
    const buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    this.chunks = [buf];
    const end = buf.indexOf(CRLF2);
    if (end < 0) return;
    const head = buf.toString('latin1', 0, end);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) return this.fail(new Error(`an answer without Content-Length: ${head.slice(0, 200)}`));
    const total = end + 4 + Number(length[1]);
    if (buf.length < total) return;
    const answer = { status: Number(head.slice(9, 12)), body: buf.toString('utf8', end + 4, total) };
    this.chunks = buf.length > total ? [buf.subarray(total)] : [];
    this.size = buf.length - total;
    const w = this.waiting;
    this.waiting = null;
    w?.resolve(answer);
  }

  private fail(err: Error): void {
    const w = this.waiting;
    this.waiting = null;
    w?.reject(err);
  }
}

/** Latencies and per-second counts over the measured span [start, end). */
class Recorder {
  readonly latencies: number[] = [];
  readonly perSecond: number[];
  requests = 0;
  errors = 0;
  firstError: string | null = null;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    this.perSecond = new Array(Math.ceil((end - start) / 1000)).fill(0);
  }

  /**
   * One answer that arrived at `t1` (performance.now) for a request sent at `t0`: its positions
   * count in the second it arrived in; its latency counts if it was sent after the warm-up.
   */
  add(t0: number, t1: number, a: Answer, positions: number): void {
    if (t1 < this.start || t1 >= this.end) return;
    if (a.status !== 200) {
      this.errors++;
      this.firstError ??= `${a.status} ${a.body.slice(0, 200)}`;
    } else this.perSecond[Math.floor((t1 - this.start) / 1000)] += positions;
    if (t0 < this.start) return;
    this.requests++;
    this.latencies.push(t1 - t0);
  }

  result(extra: Partial<LoadResult> = {}): LoadResult {
    return {
      kind: 'result',
      latencies: Float64Array.from(this.latencies),
      perSecond: this.perSecond,
      requests: this.requests,
      errors: this.errors,
      firstError: this.firstError,
      ...extra,
    };
  }
}

/** `connections` loops, each sending its next request as soon as the previous is answered. */
async function closedLoop(connections: number, warmupMs: number, durationMs: number, send: (c: Connection) => Promise<{ answer: Answer; positions: number }>): Promise<Recorder> {
  const t = performance.now();
  const rec = new Recorder(t + warmupMs, t + warmupMs + durationMs);
  const loop = async () => {
    const c = new Connection();
    try {
      while (performance.now() < rec.end) {
        const t0 = performance.now();
        const { answer, positions } = await send(c);
        rec.add(t0, performance.now(), answer, positions);
      }
    } finally {
      c.close();
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  return rec;
}

const acceptedOf = (a: Answer): number => (a.status === 200 ? (JSON.parse(a.body) as { accepted: number }).accepted : 0);

async function single(job: SingleJob): Promise<LoadResult> {
  const n = init!.unitIds.length, ids = init!.unitIds, key = encodeURIComponent(init!.reportToken);
  let next = 0;
  const rec = await closedLoop(job.connections, job.warmupMs, job.durationMs, async (c) => {
    const u = next++ % n, r = nextReport(u);
    const answer =
      job.mode === 'osmand'
        ? await c.request('GET', `/osmand?id=${encodeURIComponent(ids[u])}&lat=${r.lat.toFixed(6)}&lon=${r.lon.toFixed(6)}&timestamp=${r.time}&key=${key}`)
        : await c.request('POST', '/api/positions', JSON.stringify({ reports: [{ unitId: ids[u], lon: r.lon, lat: r.lat, time: r.time }] }));
    // OsmAnd answers 200 with no body, as Traccar does; the JSON answer counts what moved a unit.
    return { answer, positions: job.mode === 'osmand' ? 1 : acceptedOf(answer) };
  });
  return rec.result();
}

/** The JSON body of a batch of reports for units [from, from + count) (wrapping around). */
function batchBody(from: number, count: number): string {
  const ids = init!.unitIds, n = ids.length, reports = [];
  for (let j = 0; j < count; j++) {
    const u = (from + j) % n, r = nextReport(u);
    reports.push({ unitId: ids[u], lon: r.lon, lat: r.lat, time: r.time });
  }
  return JSON.stringify({ reports });
}


async function batch(job: BatchJob): Promise<LoadResult> {
  let next = 0;
  const rec = await closedLoop(job.connections, job.warmupMs, job.durationMs, async (c) => {
    const body = batchBody(next, job.batchSize);
    next = (next + job.batchSize) % init!.unitIds.length;
    const answer = await c.request('POST', '/api/positions', body);
    return { answer, positions: acceptedOf(answer) };
  });
  return rec.result();
}

type Watcher = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Every unit reports once a second (in `slices` batches spread over the second) while `clients`
 * sockets watch; each frame's delay is the client's clock at arrival minus the frame's `at` (the
 * server's clock when it built the frame; one machine, one clock).
 */
async function fanout(job: FanoutJob): Promise<LoadResult> {
  const n = init!.unitIds.length, slice = Math.ceil(n / job.slices);
  // A connection per slice; each sends its slice's batch once a second (after the last answer).
  const conns = Array.from({ length: job.slices }, () => new Connection());
  const queues = conns.map(() => Promise.resolve());
  const delays: number[] = [];
  const frames = new Array<number>(job.clients).fill(0);
  let measuring = false, firstFrame = Infinity, lastFrame = -Infinity;
  const sockets: Watcher[] = [];
  await Promise.all(
    Array.from({ length: job.clients }, (_, c) => {
      // forceNew: one connection per client (socket.io otherwise shares one per URL).
      const s: Watcher = connect(init!.url, { auth: { token: init!.watchToken }, transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(s);
      s.on('positions', (p: PositionsFrame) => {
        if (!measuring) return;
        delays.push(Date.now() - Date.parse(p.at));
        frames[c]++;
        firstFrame = Math.min(firstFrame, p.frame);
        lastFrame = Math.max(lastFrame, p.frame);
      });
      return new Promise<void>((resolve, reject) => {
        s.once('snapshot', () => resolve());
        s.once('connect_error', reject);
      });
    }),
  );

  const rec = new Recorder(performance.now() + job.warmupMs, performance.now() + job.warmupMs + job.durationMs);
  let tick = 0;
  const timer = setInterval(() => {
    const k = tick++ % job.slices, from = k * slice;
    queues[k] = queues[k].then(async () => {
      const t0 = performance.now();
      const a = await conns[k].request('POST', '/api/positions', batchBody(from, Math.min(slice, n - from)));
      rec.add(t0, performance.now(), a, acceptedOf(a));
    });
  }, 1000 / job.slices);
  await new Promise((r) => setTimeout(r, job.warmupMs));
  measuring = true;
  await new Promise((r) => setTimeout(r, job.durationMs));
  measuring = false;
  clearInterval(timer);
  await Promise.all(queues);
  for (const sock of sockets) sock.close();
  for (const c of conns) c.close();
  const result = rec.result({ framesPerClient: frames, framesExpected: Number.isFinite(firstFrame) ? lastFrame - firstFrame + 1 : 0 });
  return { ...result, latencies: Float64Array.from(delays) };
}

async function run(job: Job): Promise<unknown> {
  if (job.kind === 'init') {
    init = job;
    const u = new URL(job.url);
    host = u.hostname;
    port = Number(u.port);
    step = new Uint32Array(job.unitIds.length);
    lastTime = new Float64Array(job.unitIds.length);
    return { kind: 'ready' };
  }
  if (!init) throw new Error('load-client: a job before init');
  if (job.kind === 'single') return single(job);
  if (job.kind === 'batch') return batch(job);
  return fanout(job);
}

process.on('message', (job: Job) => {
  run(job).then(
    (answer) => process.send!(answer),
    (err: Error) => process.send!({ kind: 'error', message: err.stack ?? String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
