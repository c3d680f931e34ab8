import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromBridge, createWsBridge, wsUrl } from '../../src-shared/client';
import { CacheStatsReport, SystemHealth } from '../../src-shared/contract';
import { decodeFrame } from '../../src-shared/telemetryFrame';
import type { Core } from '../../src-main/core/createCore';
import { startWebHost, type WebHost } from '../../src-main/hosts/webHost';
import { startCore, tempDataDir, testConfig, waitFor } from '../support/coreHarness';

const TOKEN = 'correct-horse-battery-staple';

/** The web host over real sockets: auth, origin checks, the contract and live frames. */
describe('web host', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;
  let host: WebHost;

  beforeAll(async () => {
    data = await tempDataDir();
    const rendererDir = join(data.dir, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>GCS</title>');
    core = await startCore(testConfig(join(data.dir, 'data'), { timeScale: 8 }));
    await core.simulator.start();
    host = await startWebHost(core, { host: '127.0.0.1', port: 0, token: TOKEN, rendererDir });
  });

  afterAll(async () => {
    await host?.close();
    await core?.close();
    await data?.remove();
  });

  it('refuses to bind beyond loopback without a token', async () => {
    await expect(
      startWebHost(core, { host: '0.0.0.0', port: 0, rendererDir: data.dir }),
    ).rejects.toThrow(/token/);
  });

  it('requires the token on HTTP and answers /health with the core state', async () => {
    expect((await fetch(`${host.url}/health`)).status).toBe(401);
    expect(
      (
        await fetch(`${host.url}/health`, {
          headers: { authorization: 'Bearer wrong-token-of-some-length' },
        })
      ).status,
    ).toBe(401);
    const ok = await fetch(`${host.url}/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    const health = SystemHealth.parse(await ok.json());
    expect(health.store.kind).toBe('duckdb');
    expect(health.cache.kind).toBe('memory');
    expect(health.simulator.running).toBe(true);
    expect(health.droneCount).toBe(36);
  });

  it('answers GET /api/v1/cache/stats behind the token, in the contract’s shape', async () => {
    expect((await fetch(`${host.url}/api/v1/cache/stats`)).status).toBe(401);
    const ok = await fetch(`${host.url}/api/v1/cache/stats`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(ok.status).toBe(200);
    const report = CacheStatsReport.parse(await ok.json());
    expect(report).toMatchObject({ kind: 'memory', state: 'up', circuit: null, latencyMs: null });
    expect(report.entities.map((e) => e.entity)).toEqual(
      expect.arrayContaining(['leaderboard', 'droneState', 'telemetryLatest']),
    );
  });

  it('serves the renderer with a CSP and sets the token cookie, but never files outside it', async () => {
    const page = await fetch(`${host.url}/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('set-cookie')).toMatch(/gcs_token=.*HttpOnly/);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${host.url}/index.html`, { headers: { cookie } })).status).toBe(200);
    const traversal = await fetch(`${host.url}/..%2f..%2fetc%2fpasswd`, { headers: { cookie } });
    expect(traversal.status).toBe(404);
  });

  it('refuses WebSockets without the token or from another origin', async () => {
    const refused = (url: string, origin?: string) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(url, origin ? { headers: { origin } } : {});
        ws.on('open', () => {
          ws.close();
          resolve(false);
        });
        ws.on('error', () => resolve(true));
      });
    expect(await refused(wsUrl(host.url, null))).toBe(true);
    expect(await refused(wsUrl(host.url, TOKEN), 'http://evil.example')).toBe(true);
    expect(await refused(wsUrl(host.url, TOKEN), host.url)).toBe(false);
  });

  it('carries the contract and live telemetry frames over the WebSocket', async () => {
    const frames: { count: number; full: boolean }[] = [];
    const bridge = createWsBridge(wsUrl(host.url, TOKEN), (url) => {
      const ws = new WebSocket(url, { headers: { origin: host.url } });
      return ws as unknown as ReturnType<Parameters<typeof createWsBridge>[1]>;
    });
    const api = apiFromBridge(bridge);
    const off = api.on('telemetry.frame', (frame) =>
      frames.push({ count: frame.count, full: frame.full }),
    );
    try {
      const index = await api.request('drones.index', {});
      expect(index.drones).toHaveLength(36);
      const convoys = await api.request('convoys.list', {});
      expect(convoys).toHaveLength(3);
      // First a full frame (every drone known so far), then deltas with each drone's new row.
      await waitFor(
        'frames of all 36 drones',
        () => frames.some((f) => !f.full && f.count === 36),
        10_000,
      );
      expect(frames[0]!.full).toBe(true);
      expect(frames.slice(1).every((f) => !f.full && f.count <= 36)).toBe(true);
      await expect(api.request('drone.get', { droneId: 'nope' })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
      await expect(
        api.request('drone.get', { droneId: '00000000-0000-4000-8000-000000000000' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      off();
      bridge.close();
    }
  });

  it('answers a malformed message with a typed error instead of dropping the socket', async () => {
    const ws = new WebSocket(wsUrl(host.url, TOKEN), { headers: { origin: host.url } });
    const reply = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('{not json'));
      ws.on('message', (data, isBinary) => {
        if (isBinary) {
          expect(() => decodeFrame(new Uint8Array(data as Buffer).slice().buffer)).not.toThrow();
          return;
        }
        resolve(String(data));
      });
      ws.on('error', reject);
    });
    expect(JSON.parse(reply)).toMatchObject({
      t: 'res',
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
