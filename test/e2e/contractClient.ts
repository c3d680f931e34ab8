import WebSocket from 'ws';
import { apiFromBridge, createWsBridge, wsUrl, type WsBridge } from '../../src-shared/client';
import type { GcsApi } from '../../src-shared/contract';

/** A Node-side client of the web host's contract, built from the same shared code the renderer uses. */
export function connectContract(baseURL: string): { api: GcsApi; bridge: WsBridge } {
  const bridge = createWsBridge(wsUrl(baseURL, null), (url) => {
    const ws = new WebSocket(url, { headers: { origin: baseURL } });
    return ws as unknown as ReturnType<Parameters<typeof createWsBridge>[1]>;
  });
  return { api: apiFromBridge(bridge), bridge };
}
