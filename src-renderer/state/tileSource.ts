import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { GcsApi, TileSourceStatus } from '../../src-shared/contract';

/**
 * The offline raster basemap as the host reports it, plus what the operator's last open/close
 * did. The host owns the file and remembers it across restarts; the page only mirrors its status,
 * so the map and the tile form read the same thing:
 *
 *   await openTileFile(api, '/media/usb/aor.pmtiles');  // status.active, or lastError says why not
 */
export interface TileSourceState {
  status: TileSourceStatus | null;
  /** An open or close is in flight: the form disables itself rather than queue a second. */
  busy: boolean;
  /** Why the operator's last open or close failed (the host's message); null after a success. */
  lastError: string | null;
}

export const tileSource = createStore<TileSourceState>()(() => ({
  status: null,
  busy: false,
  lastError: null,
}));

export function useTileSource<T>(selector: (state: TileSourceState) => T): T {
  return useStore(tileSource, selector);
}

/** Reads the host's current tile file (on start and after a reconnect). Errors are reported, not thrown. */
export async function loadTileStatus(api: GcsApi): Promise<void> {
  try {
    // A success also retires the error of an earlier failed load (a dropped connection, say).
    tileSource.setState({ status: await api.request('tiles.status', {}), lastError: null });
  } catch (error) {
    tileSource.setState({ lastError: messageOf(error) });
  }
}

export function openTileFile(api: GcsApi, path: string): Promise<boolean> {
  return change(() => api.request('tiles.open', { path: path.trim() }));
}

export function closeTileFile(api: GcsApi): Promise<boolean> {
  return change(() => api.request('tiles.close', {}));
}

async function change(request: () => Promise<TileSourceStatus>): Promise<boolean> {
  if (tileSource.getState().busy) return false;
  tileSource.setState({ busy: true, lastError: null });
  try {
    // A failed open changes nothing on the host, so the status the page holds stays right.
    tileSource.setState({ status: await request(), busy: false });
    return true;
  } catch (error) {
    tileSource.setState({ busy: false, lastError: messageOf(error) });
    return false;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
