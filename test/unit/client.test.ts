import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type GcsBridge,
  type WebSocketLike,
  apiFromBridge,
  createWsBridge,
  wsUrl,
} from '../../src-shared/client';
import type { EventName, EventPayload } from '../../src-shared/contract';
import { type Envelope, GcsError } from '../../src-shared/errors';
import { type TelemetryFrame, allocateFrame, encodeFrame } from '../../src-shared/telemetryFrame';

const CONVOY = '3f2b8c1e-6a4d-4c3b-9f1e-2d7a5b8c9e01';

function sampleFrame(): TelemetryFrame {
  const f = allocateFrame(3);
  f.seq = 17;
  f.indexVersion = 2;
  f.simTime = 1_700_000_000_000;
  f.full = true;
  f.index.set([0, 5, 9]);
  f.latE7.set([345_553_000, 316_289_000, -1]);
  f.lonE7.set([692_075_000, 657_372_000, 1]);
  f.altitudeM.set([5000, 6000, 7000]);
  f.status.set([1, 2, 3]);
  return f;
}

function fakeBridge() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const unsubscribe = vi.fn();
  const bridge = {
    invoke: vi.fn<(channel: string, input: unknown) => Promise<Envelope<unknown>>>(),
    subscribe: vi.fn((event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return unsubscribe;
    }),
  } satisfies GcsBridge;
  const push = (event: string, payload: unknown) => listeners.get(event)?.(payload);
  return { bridge, push, unsubscribe };
}

describe('apiFromBridge', () => {
  it('resolves a request with the envelope’s value', async () => {
    const { bridge } = fakeBridge();
    bridge.invoke.mockResolvedValueOnce({ ok: true, value: [{ convoyId: CONVOY }] });
    const api = apiFromBridge(bridge);
    await expect(api.request('convoys.list', {})).resolves.toEqual([{ convoyId: CONVOY }]);
    expect(bridge.invoke).toHaveBeenCalledWith('convoys.list', {});
  });

  it('rejects with a GcsError carrying the code, message and issues of an error envelope', async () => {
    const { bridge } = fakeBridge();
    const issues = [{ path: 'limit', message: 'Too small' }];
    bridge.invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'bad', issues },
    });
    const api = apiFromBridge(bridge);
    const error = await api
      .request('leaderboard.get', { convoyId: CONVOY, limit: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GcsError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: 'bad', issues });
  });

  it('rejects without issues when the envelope has none', async () => {
    const { bridge } = fakeBridge();
    bridge.invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'convoy x not found' },
    });
    const error = await apiFromBridge(bridge)
      .request('convoy.get', { convoyId: CONVOY })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GcsError);
    expect((error as GcsError).code).toBe('NOT_FOUND');
    expect((error as GcsError).issues).toBeUndefined();
  });

  it('decodes telemetry frames from an ArrayBuffer', () => {
    const { bridge, push } = fakeBridge();
    const frames: TelemetryFrame[] = [];
    apiFromBridge(bridge).on('telemetry.frame', (f) => frames.push(f));
    const sent = sampleFrame();
    push('telemetry.frame', encodeFrame(sent));
    expect(frames).toHaveLength(1);
    const got = frames[0]!;
    expect(got).toMatchObject({
      seq: 17,
      indexVersion: 2,
      simTime: 1_700_000_000_000,
      full: true,
      count: 3,
    });
    expect(Array.from(got.index)).toEqual([0, 5, 9]);
    expect(Array.from(got.latE7)).toEqual(Array.from(sent.latE7));
    expect(Array.from(got.lonE7)).toEqual(Array.from(sent.lonE7));
    expect(Array.from(got.status)).toEqual([1, 2, 3]);
  });

  it('decodes telemetry frames from a byte view that does not start its buffer (Electron IPC)', () => {
    const { bridge, push } = fakeBridge();
    const frames: TelemetryFrame[] = [];
    apiFromBridge(bridge).on('telemetry.frame', (f) => frames.push(f));
    const bytes = new Uint8Array(encodeFrame(sampleFrame()));
    const padded = new Uint8Array(bytes.byteLength + 24);
    padded.set(bytes, 8);
    push('telemetry.frame', padded.subarray(8, 8 + bytes.byteLength));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.seq).toBe(17);
    expect(Array.from(frames[0]!.altitudeM)).toEqual([5000, 6000, 7000]);
  });

  it('passes other events through unchanged and returns the bridge’s unsubscribe', () => {
    const { bridge, push, unsubscribe } = fakeBridge();
    const got: EventPayload<'leaderboard.changed'>[] = [];
    const off = apiFromBridge(bridge).on('leaderboard.changed', (p) => got.push(p));
    const payload = { convoyId: CONVOY, entries: [] };
    push('leaderboard.changed', payload);
    expect(got).toEqual([payload]);
    expect(got[0]).toBe(payload);
    off();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('throws on an unknown event and subscribes to nothing', () => {
    const { bridge } = fakeBridge();
    const api = apiFromBridge(bridge);
    for (const name of ['telemetry.frames', 'convoys.list', '__proto__', 'toString']) {
      expect(() => api.on(name as EventName, () => undefined)).toThrow(/unknown event/);
    }
    expect(bridge.subscribe).not.toHaveBeenCalled();
  });
});

/** A WebSocket driven by hand. */
class FakeSocket implements WebSocketLike {
  binaryType = 'blob';
  readyState = 0;
  readonly sent: string[] = [];
  closeCalls = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;

  constructor(readonly url: string) {}
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }
  close(): void {
    this.closeCalls++;
  }
  // Test controls:
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
  receive(data: unknown): void {
    this.onmessage?.({
      data: typeof data === 'string' || data instanceof ArrayBuffer ? data : JSON.stringify(data),
    });
  }
  requests(): { t: string; id: number; channel: string; input: unknown }[] {
    return this.sent.map(
      (s) => JSON.parse(s) as { t: string; id: number; channel: string; input: unknown },
    );
  }
}

function harness(timeoutMs?: number) {
  const sockets: FakeSocket[] = [];
  const factory = vi.fn((url: string) => {
    const s = new FakeSocket(url);
    sockets.push(s);
    return s;
  });
  const bridge = createWsBridge('ws://127.0.0.1:8787/ws', factory, timeoutMs);
  const latest = (): FakeSocket => sockets[sockets.length - 1]!;
  return { bridge, sockets, factory, latest };
}

/** Resolution state of a promise without awaiting it forever. */
async function settled<T>(p: Promise<T>): Promise<{ done: boolean; value?: T }> {
  let out: { done: boolean; value?: T } = { done: false };
  void p.then((value) => (out = { done: true, value }));
  await Promise.resolve();
  await Promise.resolve();
  return out;
}

describe('createWsBridge', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects at once, asks for binary as ArrayBuffer, and reports its state', () => {
    const { bridge, factory, latest } = harness();
    expect(factory).toHaveBeenCalledTimes(1);
    expect(factory).toHaveBeenCalledWith('ws://127.0.0.1:8787/ws');
    expect(latest().binaryType).toBe('arraybuffer');
    const states: string[] = [];
    bridge.onState((s) => states.push(s));
    expect(bridge.state).toBe('connecting');
    latest().open();
    expect(bridge.state).toBe('open');
    expect(states).toEqual(['open']);
    bridge.close();
  });

  it('queues requests made before the socket opens and sends them, in order, on open', async () => {
    const { bridge, latest } = harness();
    const a = bridge.invoke('convoys.list', {});
    const b = bridge.invoke('convoy.get', { convoyId: CONVOY });
    expect(latest().sent).toEqual([]);
    latest().open();
    const sent = latest().requests();
    expect(sent.map((m) => [m.t, m.channel, m.input])).toEqual([
      ['req', 'convoys.list', {}],
      ['req', 'convoy.get', { convoyId: CONVOY }],
    ]);
    expect(sent[0]!.id).not.toBe(sent[1]!.id);
    // Answer out of order: each response resolves the request with its id.
    latest().receive({ t: 'res', id: sent[1]!.id, ok: true, value: 'B' });
    latest().receive({
      t: 'res',
      id: sent[0]!.id,
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no' },
    });
    await expect(b).resolves.toEqual({ ok: true, value: 'B' });
    await expect(a).resolves.toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no' } });
    bridge.close();
  });

  it('sends at once when open, and ignores responses for unknown ids and malformed messages', async () => {
    const { bridge, latest } = harness();
    latest().open();
    const p = bridge.invoke('system.health', {});
    const [req] = latest().requests();
    expect(req?.channel).toBe('system.health');
    latest().receive({ t: 'res', id: req!.id + 1000, ok: true, value: 'stranger' });
    latest().receive({ t: 'res', id: req!.id, ok: 'yes', value: 'malformed' });
    latest().receive({ t: 'bogus' });
    expect((await settled(p)).done).toBe(false);
    latest().receive({ t: 'res', id: req!.id, ok: true, value: 'mine' });
    await expect(p).resolves.toEqual({ ok: true, value: 'mine' });
    bridge.close();
  });

  it('delivers JSON events to their subscribers until they unsubscribe', () => {
    const { bridge, latest } = harness();
    latest().open();
    const got: unknown[] = [];
    const off = bridge.subscribe('convoy.summary', (p) => got.push(p));
    bridge.subscribe('leaderboard.changed', () => got.push('wrong event'));
    latest().receive({ t: 'evt', name: 'convoy.summary', payload: { n: 1 } });
    off();
    latest().receive({ t: 'evt', name: 'convoy.summary', payload: { n: 2 } });
    expect(got).toEqual([{ n: 1 }]);
    bridge.close();
  });

  it('delivers binary messages as telemetry.frame, which apiFromBridge decodes', () => {
    const { bridge, latest } = harness();
    latest().open();
    const raw: unknown[] = [];
    const frames: TelemetryFrame[] = [];
    bridge.subscribe('telemetry.frame', (p) => raw.push(p));
    apiFromBridge(bridge).on('telemetry.frame', (f) => frames.push(f));
    const buffer = encodeFrame(sampleFrame());
    latest().receive(buffer);
    expect(raw).toEqual([buffer]);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ seq: 17, count: 3, full: true });
    expect(Array.from(frames[0]!.index)).toEqual([0, 5, 9]);
    bridge.close();
  });

  it('fails pending requests with UNAVAILABLE when the connection drops', async () => {
    const { bridge, latest } = harness();
    const states: string[] = [];
    bridge.onState((s) => states.push(s));
    latest().open();
    const p = bridge.invoke('drone.get', { droneId: CONVOY });
    latest().drop();
    const envelope = await p;
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.error.code).toBe('UNAVAILABLE');
    expect(bridge.state).toBe('closed');
    expect(states).toEqual(['open', 'closed']);
    bridge.close();
  });

  it('reconnects after a drop with growing back-off, reset by a successful open', () => {
    const { bridge, sockets, latest } = harness();
    latest().open();
    latest().drop();
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(249);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1); // 250 ms
    expect(sockets).toHaveLength(2);
    expect(bridge.state).toBe('connecting');
    expect(latest().url).toBe('ws://127.0.0.1:8787/ws');

    latest().drop(); // refused before opening: wait twice as long
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);

    latest().open(); // success resets the back-off
    expect(bridge.state).toBe('open');
    latest().drop();
    vi.advanceTimersByTime(250);
    expect(sockets).toHaveLength(4);
    bridge.close();
  });

  it('caps the back-off at 5 s', () => {
    const { bridge, sockets, latest } = harness();
    let expectedDelay = 250;
    for (let i = 0; i < 8; i++) {
      latest().drop();
      const n = sockets.length;
      vi.advanceTimersByTime(expectedDelay - 1);
      expect(sockets).toHaveLength(n);
      vi.advanceTimersByTime(1);
      expect(sockets).toHaveLength(n + 1);
      expectedDelay = Math.min(expectedDelay * 2, 5_000);
    }
    expect(expectedDelay).toBe(5_000);
    bridge.close();
  });

  it('sends requests made while reconnecting on the new socket', async () => {
    const { bridge, latest } = harness();
    latest().open();
    latest().drop();
    const p = bridge.invoke('simulator.status', {});
    vi.advanceTimersByTime(250);
    latest().open();
    const [req] = latest().requests();
    expect(req?.channel).toBe('simulator.status');
    latest().receive({ t: 'res', id: req!.id, ok: true, value: 'running' });
    await expect(p).resolves.toEqual({ ok: true, value: 'running' });
    bridge.close();
  });

  it('times a request out with UNAVAILABLE and ignores a late answer', async () => {
    const { bridge, latest } = harness(1_000);
    latest().open();
    const p = bridge.invoke('convoys.list', {});
    const [req] = latest().requests();
    vi.advanceTimersByTime(999);
    expect((await settled(p)).done).toBe(false);
    vi.advanceTimersByTime(1);
    const envelope = await p;
    expect(envelope).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    if (!envelope.ok) expect(envelope.error.message).toContain('convoys.list');
    expect(() =>
      latest().receive({ t: 'res', id: req!.id, ok: true, value: 'late' }),
    ).not.toThrow();
    bridge.close();
  });

  it('close() fails pending requests, closes the socket and stops reconnecting', async () => {
    const { bridge, sockets, latest } = harness();
    latest().open();
    const p = bridge.invoke('convoys.list', {});
    bridge.close();
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(latest().closeCalls).toBe(1);
    latest().drop(); // the socket reports its close afterwards
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  // Regression test for a fixed bug (src-shared/client.ts, createWsBridge: failPending and the request timeout leave the
  // message in `queue`): a request made while connecting is answered UNAVAILABLE when that
  // attempt fails (or times out), yet it stays queued and is sent when a later connection opens.
  // The caller was told it failed, so a retried engagement.record is recorded twice.
  it('does not send a request that already failed with UNAVAILABLE', async () => {
    const { bridge, latest } = harness();
    const p = bridge.invoke('engagement.record', { convoyId: CONVOY });
    latest().drop(); // connection refused
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    vi.advanceTimersByTime(250);
    latest().open();
    expect(latest().requests()).toEqual([]);
    bridge.close();
  });
});

describe('wsUrl', () => {
  it('maps http to ws and https to wss on the WebSocket path, with the token as a query parameter', () => {
    expect(wsUrl('http://127.0.0.1:8787', null)).toBe('ws://127.0.0.1:8787/ws');
    expect(wsUrl('https://gcs.example:443/app/', 'secret-token-1234')).toBe(
      'wss://gcs.example/ws?token=secret-token-1234',
    );
    expect(wsUrl('http://h:1', 'a b&c')).toBe('ws://h:1/ws?token=a+b%26c');
  });
});
