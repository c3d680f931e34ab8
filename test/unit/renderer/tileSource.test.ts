import { beforeEach, describe, expect, it } from 'vitest';
import type { GcsApi, TileSourceStatus } from '../../../src-shared/contract';
import {
  closeTileFile,
  loadTileStatus,
  openTileFile,
  tileSource,
} from '../../../src-renderer/state/tileSource';

const CLOSED: TileSourceStatus = {
  active: false,
  path: null,
  format: null,
  minZoom: 0,
  maxZoom: 0,
  bounds: null,
  urlTemplate: null,
  error: null,
};

const openStatus = (path: string): TileSourceStatus => ({
  active: true,
  path,
  format: 'png',
  minZoom: 0,
  maxZoom: 12,
  bounds: { minLat: 29.4, maxLat: 38.5, minLon: 60.5, maxLon: 74.9 },
  urlTemplate: 'gcs-tiles://tiles/{z}/{x}/{y}',
  error: null,
});

interface Deferred {
  resolve(status: TileSourceStatus): void;
  reject(error: unknown): void;
}

/**
 * A stand-in for the host: each request waits until the test settles it, so the store can be
 * looked at while a request is in flight.
 */
function fakeHost(): { api: GcsApi; calls: Array<[string, unknown]>; pending: Deferred[] } {
  const calls: Array<[string, unknown]> = [];
  const pending: Deferred[] = [];
  const request = (channel: string, input: unknown): Promise<TileSourceStatus> => {
    calls.push([channel, input]);
    return new Promise((resolve, reject) => pending.push({ resolve, reject }));
  };
  const api = { request: request as GcsApi['request'], on: () => () => {} } satisfies GcsApi;
  return { api, calls, pending };
}

beforeEach(() => {
  // The store is the page's one instance: every test starts it from a known previous status.
  tileSource.setState({ status: CLOSED, busy: false, lastError: 'stale' }, true);
});

describe('tileSource', () => {
  it('an open that succeeds takes the host status and clears the last error', async () => {
    const host = fakeHost();
    const opening = openTileFile(host.api, '  /media/usb/aor.pmtiles \n');
    expect(tileSource.getState()).toMatchObject({ busy: true, lastError: null });
    expect(host.calls).toEqual([['tiles.open', { path: '/media/usb/aor.pmtiles' }]]);

    host.pending[0]?.resolve(openStatus('/media/usb/aor.pmtiles'));
    await expect(opening).resolves.toBe(true);
    expect(tileSource.getState()).toEqual({
      status: openStatus('/media/usb/aor.pmtiles'),
      busy: false,
      lastError: null,
    });
  });

  it('an open the host refuses keeps the previous status and says why', async () => {
    const host = fakeHost();
    tileSource.setState({ status: openStatus('/old.pmtiles'), lastError: null });
    const opening = openTileFile(host.api, '/media/usb/notes.txt');
    host.pending[0]?.reject(new Error('not a PMTiles file: /media/usb/notes.txt'));
    await expect(opening).resolves.toBe(false);
    expect(tileSource.getState()).toEqual({
      status: openStatus('/old.pmtiles'),
      busy: false,
      lastError: 'not a PMTiles file: /media/usb/notes.txt',
    });
  });

  it('reports a rejection that is not an Error by its text', async () => {
    const host = fakeHost();
    const opening = openTileFile(host.api, '/x.pmtiles');
    host.pending[0]?.reject('host gone');
    await expect(opening).resolves.toBe(false);
    expect(tileSource.getState().lastError).toBe('host gone');
  });

  it('refuses a second open or close while one is in flight, without asking the host', async () => {
    const host = fakeHost();
    const first = openTileFile(host.api, '/a.pmtiles');
    await expect(openTileFile(host.api, '/b.pmtiles')).resolves.toBe(false);
    await expect(closeTileFile(host.api)).resolves.toBe(false);
    expect(host.calls).toHaveLength(1);

    host.pending[0]?.resolve(openStatus('/a.pmtiles'));
    await first;
    expect(tileSource.getState().status?.path).toBe('/a.pmtiles');

    // Once settled, the form may change the file again.
    const again = openTileFile(host.api, '/b.pmtiles');
    expect(host.calls).toHaveLength(2);
    host.pending[1]?.resolve(openStatus('/b.pmtiles'));
    await expect(again).resolves.toBe(true);
  });

  it('is no longer busy after a failure, so the operator can retry', async () => {
    const host = fakeHost();
    const failing = openTileFile(host.api, '/a.pmtiles');
    host.pending[0]?.reject(new Error('truncated'));
    await failing;
    const retry = openTileFile(host.api, '/a.pmtiles');
    expect(host.calls).toHaveLength(2);
    host.pending[1]?.resolve(openStatus('/a.pmtiles'));
    await expect(retry).resolves.toBe(true);
    expect(tileSource.getState().lastError).toBeNull();
  });

  it('close asks the host to close and takes the status it returns', async () => {
    const host = fakeHost();
    tileSource.setState({ status: openStatus('/a.pmtiles') });
    const closing = closeTileFile(host.api);
    expect(host.calls).toEqual([['tiles.close', {}]]);
    host.pending[0]?.resolve(CLOSED);
    await expect(closing).resolves.toBe(true);
    expect(tileSource.getState()).toEqual({ status: CLOSED, busy: false, lastError: null });
  });

  it('a failed close keeps the file open and says why', async () => {
    const host = fakeHost();
    tileSource.setState({ status: openStatus('/a.pmtiles') });
    const closing = closeTileFile(host.api);
    host.pending[0]?.reject(new Error('disconnected'));
    await expect(closing).resolves.toBe(false);
    expect(tileSource.getState().status?.active).toBe(true);
    expect(tileSource.getState().lastError).toBe('disconnected');
  });

  it('loadTileStatus mirrors the host status, and reports rather than throws on failure', async () => {
    const host = fakeHost();
    const loading = loadTileStatus(host.api);
    expect(host.calls).toEqual([['tiles.status', {}]]);
    host.pending[0]?.resolve(openStatus('/remembered.pmtiles'));
    await loading;
    expect(tileSource.getState().status?.path).toBe('/remembered.pmtiles');

    const failing = loadTileStatus(host.api);
    host.pending[1]?.reject(new Error('core restarting'));
    await expect(failing).resolves.toBeUndefined();
    expect(tileSource.getState()).toMatchObject({
      status: openStatus('/remembered.pmtiles'),
      lastError: 'core restarting',
    });
  });

  // TileFileControl shows `lastError ?? status.error`: a stale message from a dropped connection
  // would hide the host's own status.error after the reconnect.
  it('a successful loadTileStatus clears the error a failed one left', async () => {
    const host = fakeHost();
    tileSource.setState({ lastError: null });
    const failing = loadTileStatus(host.api);
    host.pending[0]?.reject(new Error('connection closed'));
    await failing;
    expect(tileSource.getState().lastError).toBe('connection closed');

    const reloading = loadTileStatus(host.api);
    host.pending[1]?.resolve({ ...CLOSED, error: 'file /media/usb/aor.pmtiles is gone' });
    await reloading;
    expect(tileSource.getState().lastError).toBeNull();
  });
});
