import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isEventName, isRequestName } from '../src-shared/contract';
import type { GcsBridge } from '../src-shared/client';

// Kept in step with src-main/hosts/electronHost.ts (the preload cannot import main-process code).
const IPC_REQUEST = 'gcs:request';
const IPC_EVENT = 'gcs:event';

/**
 * `window.gcs`: invoke and subscribe, limited to the contract's channel names. Raw ipcRenderer is
 * never exposed, so a compromised renderer can reach nothing but the contract.
 */
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge: GcsBridge = {
  invoke(channel, input) {
    if (!isRequestName(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'INVALID_INPUT', message: `unknown request channel ${String(channel)}` },
      });
    }
    return ipcRenderer.invoke(IPC_REQUEST, channel, input);
  },
  // NOTE: we return an unsubscribe function rather than taking the listener back later, because
  // the context bridge hands the main world a proxy of each function, never the same object twice.
  subscribe(event, listener) {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('gcs', bridge);

// A folder dropped on the window (a mission to replay) has a path only the preload can read; the
// page gets that string and nothing else of the file system.
contextBridge.exposeInMainWorld('gcsFiles', {
  pathOf: (file: File): string => webUtils.getPathForFile(file),
});
