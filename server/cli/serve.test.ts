// `xunfang serve`: listens on the loopback address and answers; bad flags are named.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serveCommand, type ServeFlags } from './serve.ts';

const town = fileURLToPath(new URL('./fixtures/replay-town', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'xunfang-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('xunfang serve', () => {
  it('listens on 127.0.0.1 by default and answers health and OsmAnd reports', async () => {
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    let started: Awaited<ReturnType<typeof serveCommand>>;
    try {
      started = await serveCommand(town, { port: '0', logLevel: 'silent', data: dataDir, ticker: false });
    } finally {
      process.stdout.write = write;
    }
    const { url, close } = started;
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${url}/api/health`)).json()).toMatchObject({ status: 'ok', scenario: 'replay-town', units: 3 });
      // First start: an admin token, kept in the data directory, and a login URL with it.
      const token = readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
      expect(printed.join('')).toContain(`log in: ${url}/#token=${token}`);
      expect((await fetch(`${url}/api/units`)).status).toBe(401);
      const r = await fetch(`${url}/osmand?id=car-1&lat=26.26&lon=117.62&timestamp=${Math.floor(Date.now() / 1000)}&key=${token}`);
      expect(r.status).toBe(200);
      const units = (await (await fetch(`${url}/api/units?available=true`, { headers: { authorization: `Bearer ${token}` } })).json()).units;
      expect(units.map((u: { id: string }) => u.id)).toEqual(['car-1']);
    } finally {
      await close();
    }
  });

  it('on the embedded city runs the demo feed by default (what npm start shows), and not with --no-demo', async () => {
    const demoDir = mkdtempSync(path.join(tmpdir(), 'xunfang-serve-demo-'));
    try {
      const on = await serveCommand(undefined, { port: '0', logLevel: 'silent', data: demoDir, ticker: false });
      try {
        expect(on.feed).not.toBeNull();
        const end = Date.now() + 10_000;
        let health = { reporting: 0 };
        while (Date.now() < end && !(health.reporting > 0 && (on.feed?.counts.ticks ?? 0) > 1)) {
          await new Promise((r) => setTimeout(r, 200));
          health = await (await fetch(`${on.url}/api/health`)).json();
        }
        expect(health.reporting).toBeGreaterThan(0);
        expect(on.feed?.counts.failures).toBe(0);
      } finally {
        await on.close();
      }
      const off = await serveCommand(undefined, { port: '0', logLevel: 'silent', data: demoDir, ticker: false, demo: false });
      expect(off.feed).toBeNull();
      await off.close();
    } finally {
      rmSync(demoDir, { recursive: true, force: true });
    }
  });

  it.each<[ServeFlags, RegExp]>([
    [{ port: '99999' }, /--port: must be an integer port/],
    [{ osmandSpeed: 'mph' }, /--osmand-speed: must be one of knots, kmh, mps/],
    [{ staleAfter: '-5' }, /--stale-after: must be a number of seconds > 0/],
    [{ logLevel: 'loud' }, /--log-level: must be one of/],
    [{ demoSpeed: '0' }, /--demo-speed: must be simulated seconds per second in \(0, 3600\]/],
    [{ demoSpeed: 'fast' }, /--demo-speed: must be/],
    [{ demoSeed: '-1' }, /--demo-seed: must be an integer/],
  ])('refuses %o', async (flags, message) => {
    await expect(serveCommand(town, { ...flags, port: flags.port ?? '0', logLevel: flags.logLevel ?? 'silent', data: dataDir })).rejects.toThrow(message);
  });
});
