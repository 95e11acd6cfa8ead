// Crash test: the server is killed (SIGKILL) while incidents are being created and dispatched;
// after a restart on the same data directory every acknowledged incident is there, in its last
// acknowledged state.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const town = path.join(root, 'server/cli/fixtures/replay-town');
const dataDir = mkdtempSync(path.join(tmpdir(), 'xunfang-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts `xunfang serve` on a free port; resolves with the process and its address. */
function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/xunfang.js'), 'serve', town, '--port', '0', '--data', dataDir, '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '', err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/api\/health/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${err}`)));
  });
}

let token = '';
const json = async (url: string, body?: object) => {
  const auth = { authorization: `Bearer ${token}` };
  const r = await fetch(url, body ? { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) } : { headers: auth });
  return { status: r.status, body: await r.json() };
};

describe('crash', () => {
  it('keeps every acknowledged incident and its last acknowledged state through SIGKILL', async () => {
    const first = await serve();
    token = readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    const now = Date.now();
    await json(`${first.url}/api/positions`, { reports: ['car-1', 'car-2', 'foot-1'].map((unitId, i) => ({ unitId, lon: 117.62 + i * 0.003, lat: 26.26, time: now })) });
    const acked = new Map<string, string>(); // incident id → last acknowledged state
    let stop = false;
    // Calls keep coming; each acknowledged one is remembered with its state.
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await json(`${first.url}/api/incidents`, { lon: 117.621 + (i % 7) * 0.001, lat: 26.259, category: 'crime', priority: 1 + (i % 3) });
          if (r.status !== 201) continue;
          acked.set(r.body.incident.id, r.body.incident.state);
          if (i === 3) {
            const d = await json(`${first.url}/api/incidents/${r.body.incident.id}/units`, { unitId: 'car-1', action: 'dispatch' });
            if (d.status === 200) acked.set(r.body.incident.id, d.body.state);
          }
        } catch {
          return; // the server is gone
        }
      }
    })();
    while (acked.size < 40) await new Promise((r) => setTimeout(r, 10));
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    stop = true;
    await load;
    await exited;

    const second = await serve();
    try {
      const all = (await json(`${second.url}/api/incidents?all=true`)).body.incidents as { id: string; state: string }[];
      const stored = new Map(all.map((i) => [i.id, i.state]));
      for (const [id, state] of acked) expect(stored.get(id), id).toBe(state);
      expect(stored.size).toBeGreaterThanOrEqual(acked.size);
      const car = (await json(`${second.url}/api/units`)).body.units.find((u: { id: string }) => u.id === 'car-1');
      expect(car.status).toBe('dispatched');
    } finally {
      second.child.kill('SIGKILL');
    }
  }, 60_000);
});
