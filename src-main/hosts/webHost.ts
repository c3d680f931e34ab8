import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NAMES } from '../../src-shared/contract';
import { encodeFrame } from '../../src-shared/telemetryFrame';
import { ClientMessage, TOKEN_PARAM, WS_PATH } from '../../src-shared/wireProtocol';
import type { Core } from '../core/createCore';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';

export interface WebHostOptions {
  host: string;
  port: number;
  /** Required when binding anything but loopback. */
  token?: string | undefined;
  /** The built renderer (out/renderer). */
  rendererDir: string;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Same policy as the renderer's meta tag; sent as a header so it also covers the web host. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: gcs-tiles:",
  "connect-src 'self' ws: wss:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Above this many bytes queued to a slow client, telemetry frames are skipped, then resent whole. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const TOKEN_COOKIE = 'gcs_token';
const TILE_PATH = /^\/tiles\/(\d{1,6})\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})$/;

export function isLoopback(host: string): boolean {
  return (
    host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

function sameToken(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function presentedToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  const fromQuery = url.searchParams.get(TOKEN_PARAM);
  if (fromQuery) return fromQuery;
  const cookie = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === TOKEN_COOKIE);
  return cookie?.[1] ? decodeURIComponent(cookie[1]) : null;
}

/**
 * The web host: serves the built renderer over HTTP and carries the contract over a WebSocket.
 * It is how the app runs without Electron, and how end-to-end tests drive the real renderer.
 */
export async function startWebHost(core: Core, options: WebHostOptions): Promise<WebHost> {
  if (!isLoopback(options.host) && !options.token) {
    throw new Error(
      `binding ${options.host} exposes the GCS beyond this machine: set GCS_TOKEN or pass --token`,
    );
  }
  const token = options.token;
  const handlers = createHandlers(core, { tileUrlBase: '/tiles' });
  const rendererRoot = normalize(options.rendererDir);

  const authorized = (req: IncomingMessage, url: URL): boolean =>
    token === undefined || sameToken(presentedToken(req, url), token);

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => {
      core.log.error('http request failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (!authorized(req, url)) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('token required\n');
      return;
    }
    if (token && url.searchParams.get(TOKEN_PARAM)) {
      // Later requests (scripts, styles) carry the token as a cookie, never in a URL.
      res.setHeader(
        'Set-Cookie',
        `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
      );
    }
    const tile = TILE_PATH.exec(url.pathname);
    if (tile) {
      const [version, z, x, y] = tile.slice(1).map(Number) as [number, number, number, number];
      const found = await core.tiles.tile(version, z, x, y);
      if (!found) {
        res.writeHead(404, { 'Cache-Control': 'no-store' }).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': found.contentType,
        'Content-Length': found.data.byteLength,
        // The version in the URL changes with the file, so a tile URL never changes content.
        'Cache-Control': 'max-age=86400, immutable',
      });
      res.end(req.method === 'HEAD' ? undefined : found.data);
      return;
    }
    if (url.pathname === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(core.health()));
      return;
    }
    if (url.pathname === '/api/v1/cache/stats') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(await core.cacheStats()));
      return;
    }
    const relative =
      url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = normalize(join(rendererRoot, relative));
    if (!file.startsWith(rendererRoot + sep)) {
      res.writeHead(404).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cache-Control': relative === 'index.html' ? 'no-cache' : 'max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const needsFullFrame = new WeakSet<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // A page from another site must not drive the GCS through the user's browser.
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || new URL(origin).host === req.headers.host;
    if (url.pathname !== WS_PATH || !sameOrigin || !authorized(req, url)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws) => {
    ws.binaryType = 'arraybuffer';
    ws.send(encodeFrame(core.telemetry.fullFrame()));
    // A window that opens during a replay sees the mission's drones at the cursor too.
    const replayFrame = core.replay.fullFrame();
    if (replayFrame) ws.send(encodeFrame(replayFrame, 'replay.frame'));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: ClientMessage;
      try {
        const parsed = ClientMessage.safeParse(JSON.parse(String(data)));
        if (!parsed.success) throw new Error('not a request');
        message = parsed.data;
      } catch {
        ws.send(
          JSON.stringify({
            t: 'res',
            id: 0,
            ok: false,
            error: {
              code: 'INVALID_INPUT',
              message: 'malformed message: expected {t:"req", id, channel, input}',
            },
          }),
        );
        return;
      }
      void dispatch(handlers, message.channel, message.input, core.log).then((envelope) => {
        if (ws.readyState === ws.OPEN)
          ws.send(JSON.stringify({ t: 'res', id: message.id, ...envelope }));
      });
    });
  });

  const unsubscribers = EVENT_NAMES.map((name) =>
    name === 'telemetry.frame'
      ? core.bus.on('telemetry.frame', (frame) => {
          if (wss.clients.size === 0) return;
          const bytes = encodeFrame(frame);
          for (const ws of wss.clients) {
            if (ws.readyState !== ws.OPEN) continue;
            if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
              needsFullFrame.add(ws);
              continue;
            }
            if (needsFullFrame.has(ws)) {
              needsFullFrame.delete(ws);
              ws.send(encodeFrame(core.telemetry.fullFrame()));
            } else {
              ws.send(bytes);
            }
          }
        })
      : name === 'replay.frame'
        ? core.bus.on('replay.frame', (frame) => {
            const bytes = encodeFrame(frame, 'replay.frame');
            for (const ws of wss.clients) {
              if (ws.readyState !== ws.OPEN) continue;
              // A client this far behind gets the cursor's frames again when it reconnects.
              if (ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
              ws.send(bytes);
            }
          })
        : core.bus.on(name, (payload) => {
            const text = JSON.stringify({ t: 'evt', name, payload });
            for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
          }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    async close() {
      for (const off of unsubscribers) off();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
