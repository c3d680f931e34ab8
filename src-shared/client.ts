import {
  type EventName,
  type EventPayload,
  type GcsApi,
  type RequestName,
  type RequestInput,
  type RequestOutput,
  isEventName,
} from './contract';
import { type Envelope, GcsError } from './errors';
import { decodeFrame, FRAME_STREAMS, frameStreamOf, type FrameStream } from './telemetryFrame';
import { ServerMessage, WS_PATH, TOKEN_PARAM } from './wireProtocol';

/**
 * What a host hands the renderer: untyped invoke/subscribe over channel names of the contract.
 * The Electron preload exposes one as `window.gcs`; the WebSocket bridge below is the other.
 */
export interface GcsBridge {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

const isFrameStream = (event: string): event is FrameStream =>
  (FRAME_STREAMS as readonly string[]).includes(event);

/** Telemetry frames (live and replay) cross both transports as bytes; other events as values. */
function decodeEventPayload(event: EventName, payload: unknown): unknown {
  if (!isFrameStream(event)) return payload;
  if (payload instanceof ArrayBuffer) return decodeFrame(payload);
  if (ArrayBuffer.isView(payload)) {
    const bytes = payload as Uint8Array;
    return decodeFrame(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  }
  return payload;
}

export function apiFromBridge(bridge: GcsBridge): GcsApi {
  return {
    async request<K extends RequestName>(channel: K, input: RequestInput<K>) {
      const envelope = await bridge.invoke(channel, input);
      if (!envelope.ok) throw GcsError.fromBody(envelope.error);
      return envelope.value as RequestOutput<K>;
    },
    on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void) {
      if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
      return bridge.subscribe(event, (payload) =>
        listener(decodeEventPayload(event, payload) as EventPayload<K>),
      );
    },
  };
}

/** The subset of the WebSocket interface we use: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  binaryType: string;
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsBridge extends GcsBridge {
  readonly state: ConnectionState;
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

export function wsUrl(httpOrigin: string, token: string | null): string {
  const url = new URL(WS_PATH, httpOrigin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token) url.searchParams.set(TOKEN_PARAM, token);
  return url.toString();
}

/**
 * A bridge over the web host's WebSocket. It reconnects by itself (the host may restart); requests
 * in flight when the socket drops fail with UNAVAILABLE rather than hanging.
 */
export function createWsBridge(
  url: string,
  open: WebSocketFactory,
  requestTimeoutMs = 30_000,
): WsBridge {
  let socket: WebSocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let closed = false;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<
    number,
    { resolve: (e: Envelope<unknown>) => void; timer: ReturnType<typeof setTimeout> }
  >();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  /** Requests made while the socket is down, by id, sent (in order) once it opens. */
  const queue = new Map<number, string>();

  const setState = (next: ConnectionState): void => {
    state = next;
    for (const l of stateListeners) l(next);
  };

  const failPending = (message: string): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      // A request reported as failed must never be sent later: the caller may retry it.
      queue.delete(id);
      p.resolve({ ok: false, error: { code: 'UNAVAILABLE', message } });
      pending.delete(id);
    }
  };

  const emit = (name: string, payload: unknown): void => {
    for (const l of listeners.get(name) ?? []) l(payload);
  };

  const connect = (): void => {
    setState('connecting');
    const ws = open(url);
    socket = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      retryMs = 250;
      setState('open');
      for (const message of queue.values()) ws.send(message);
      queue.clear();
    };
    ws.onmessage = (ev) => {
      if (ev.data instanceof ArrayBuffer) {
        const stream = frameStreamOf(ev.data);
        if (stream) emit(stream, ev.data);
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      const parsed = ServerMessage.safeParse(json);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.t === 'evt') {
        emit(message.name, message.payload);
        return;
      }
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      clearTimeout(waiter.timer);
      waiter.resolve(
        message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error },
      );
    };
    ws.onerror = () => undefined;
    ws.onclose = () => {
      socket = null;
      failPending('connection to the GCS host was lost');
      setState('closed');
      if (closed) return;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  };
  connect();

  return {
    get state() {
      return state;
    },
    invoke(channel, input) {
      return new Promise((resolve) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          queue.delete(id);
          resolve({ ok: false, error: { code: 'UNAVAILABLE', message: `${channel} timed out` } });
        }, requestTimeoutMs);
        pending.set(id, { resolve, timer });
        const message = JSON.stringify({ t: 'req', id, channel, input });
        if (socket && state === 'open') socket.send(message);
        else queue.set(id, message);
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closed = true;
      failPending('client closed');
      socket?.close();
    },
  };
}
