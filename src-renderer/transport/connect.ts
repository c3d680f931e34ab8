import {
  apiFromBridge,
  createWsBridge,
  wsUrl,
  type ConnectionState,
  type WebSocketLike,
} from '../../src-shared/client';
import type { GcsApi } from '../../src-shared/contract';
import { TOKEN_PARAM } from '../../src-shared/wireProtocol';

/** The renderer's link to the core, whichever host serves it. */
export interface GcsConnection {
  api: GcsApi;
  /** Current state; the Electron bridge is in-process IPC and so is always open. */
  readonly state: ConnectionState;
  /** The desktop app: it has native dialogs and knows the path of a file dropped on the window. */
  readonly desktop: boolean;
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

/**
 * Electron's preload exposes `window.gcs`; a plain browser (web host, end-to-end tests) has none
 * and talks to the web host's WebSocket on the page's own origin, passing on the page's token
 * because a non-loopback host refuses the socket without it.
 */
export function connect(): GcsConnection {
  if (window.gcs) {
    return {
      api: apiFromBridge(window.gcs),
      state: 'open',
      desktop: true,
      onState: () => () => undefined,
      close: () => undefined,
    };
  }
  const token = new URLSearchParams(window.location.search).get(TOKEN_PARAM);
  const bridge = createWsBridge(wsUrl(window.location.origin, token), openBrowserSocket);
  return {
    api: apiFromBridge(bridge),
    get state() {
      return bridge.state;
    },
    desktop: false,
    onState: (listener) => bridge.onState(listener),
    close: () => bridge.close(),
  };
}

/**
 * The DOM declares WebSocket handlers as taking an `Event`, while `WebSocketLike` declares them
 * as taking `unknown`, so TypeScript refuses the (sound) assignment: the bridge only installs
 * handlers that accept any event, and reads nothing but `data` from a message event.
 */
function openBrowserSocket(url: string): WebSocketLike {
  return new WebSocket(url) as unknown as WebSocketLike;
}
