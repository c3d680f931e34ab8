import { describe, expect, it, vi } from 'vitest';
import type { EventName, GcsApi } from '../../../src-shared/contract';
import { createSourceApi } from '../../../src-renderer/transport/sourceApi';

/** A host that records requests and lets the test emit any event. */
function fakeHost() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const request = vi.fn(async (channel: string) => ({ answeredBy: channel }));
  const api = {
    request,
    on(event: EventName, listener: (payload: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  } as unknown as GcsApi;
  const emit = (event: string, payload: unknown): void => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  return { api, request, emit, listeners };
}

describe('createSourceApi: the console pointed at the live fleet or a replay', () => {
  it('sends the console requests to the replay while one is open, and only those', async () => {
    const host = fakeHost();
    let replaying = false;
    const api = createSourceApi(host.api, () => replaying);
    await api.request('leaderboard.get', { convoyId: 'c' });
    replaying = true;
    await api.request('leaderboard.get', { convoyId: 'c' });
    await api.request('drone.waypoints', { droneId: 'd' });
    await api.request('alerts.list', {});
    await api.request('engagement.record', {} as never);
    expect(host.request.mock.calls.map((c) => c[0])).toEqual([
      'leaderboard.get',
      'replay.leaderboard',
      'replay.waypoints',
      'alerts.list',
      'engagement.record',
    ]);
  });

  it("delivers the replay's frames and boards in replay, the live ones otherwise", () => {
    const host = fakeHost();
    let replaying = false;
    const api = createSourceApi(host.api, () => replaying);
    const frames: unknown[] = [];
    const engagements: unknown[] = [];
    const alerts: unknown[] = [];
    const off = api.on('telemetry.frame', (f) => frames.push(f));
    api.on('engagement.recorded', (e) => engagements.push(e));
    api.on('alert.changed', (a) => alerts.push(a));
    host.emit('telemetry.frame', 'live-1');
    host.emit('replay.frame', 'replay-1');
    host.emit('engagement.recorded', 'live-engagement-1');
    replaying = true;
    host.emit('telemetry.frame', 'live-2');
    host.emit('replay.frame', 'replay-2');
    host.emit('engagement.recorded', 'live-engagement-2');
    host.emit('alert.changed', 'alert');
    expect(frames).toEqual(['live-1', 'replay-2']);
    expect(engagements).toEqual(['live-engagement-1']);
    expect(alerts).toEqual(['alert']);
    off();
    expect(host.listeners.get('telemetry.frame')?.size).toBe(0);
    expect(host.listeners.get('replay.frame')?.size).toBe(0);
  });
});
