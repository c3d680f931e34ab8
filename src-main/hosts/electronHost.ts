import { dialog, ipcMain, protocol, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES } from '../../src-shared/contract';
import type { Envelope } from '../../src-shared/errors';
import { encodeFrame } from '../../src-shared/telemetryFrame';
import type { Core } from '../core/createCore';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';

/** IPC channel names: one for requests, one for events. The contract's names travel as arguments. */
export const IPC_REQUEST = 'gcs:request';
export const IPC_EVENT = 'gcs:event';
/** Offline map tiles in the desktop app: served by a protocol of ours, not over the network. */
export const TILE_SCHEME = 'gcs-tiles';
const TILE_URL = /^gcs-tiles:\/\/tiles\/(\d{1,6})\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})$/;

/** Declares the tile scheme; must run before the app is ready. */
export function registerTileScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: TILE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Answers tile requests from the core's open archive; runs once the app is ready. */
export function serveTiles(core: Core): void {
  protocol.handle(TILE_SCHEME, async (request) => {
    const match = TILE_URL.exec(request.url);
    if (!match) return new Response(null, { status: 404 });
    const [version, z, x, y] = match.slice(1).map(Number) as [number, number, number, number];
    const tile = await core.tiles.tile(version, z, x, y);
    if (!tile) return new Response(null, { status: 404 });
    return new Response(tile.data, { headers: { 'Content-Type': tile.contentType } });
  });
}

/**
 * The Electron host: the contract over ipcMain. Requests are accepted only from the main frame of
 * our own window showing our own renderer, then validated exactly as the web host does.
 */
export function registerElectronHost(
  core: Core,
  window: () => BrowserWindow | null,
  isTrustedUrl: (url: string) => boolean,
): () => void {
  const handlers = createHandlers(core, {
    tileUrlBase: `${TILE_SCHEME}://tiles`,
    pickFolder: async (purpose) => {
      const win = window();
      const options = {
        title: purpose === 'open-mission' ? 'Open a mission folder' : 'Export the mission to',
        buttonLabel: purpose === 'open-mission' ? 'Replay' : 'Export here',
        properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
      };
      const picked = win
        ? await dialog.showOpenDialog(win, options)
        : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
  });

  ipcMain.handle(
    IPC_REQUEST,
    async (
      event: IpcMainInvokeEvent,
      channel: unknown,
      input: unknown,
    ): Promise<Envelope<unknown>> => {
      const win = window();
      const frame = event.senderFrame;
      if (
        !win ||
        event.sender !== win.webContents ||
        !frame ||
        frame !== event.sender.mainFrame ||
        !isTrustedUrl(frame.url)
      ) {
        return {
          ok: false,
          error: { code: 'UNAUTHORIZED', message: 'request from an untrusted frame' },
        };
      }
      return dispatch(handlers, channel, input, core.log);
    },
  );

  const send = (name: string, payload: unknown): void => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, name, payload);
  };
  const unsubscribers = EVENT_NAMES.map((name) =>
    name === 'telemetry.frame' || name === 'replay.frame'
      ? core.bus.on(name, (frame) => send(name, encodeFrame(frame, name)))
      : core.bus.on(name, (payload) => send(name, payload)),
  );

  return () => {
    ipcMain.removeHandler(IPC_REQUEST);
    for (const off of unsubscribers) off();
  };
}

/** A renderer that (re)loads gets every drone at once rather than waiting for them to move. */
export function sendFullFrame(core: Core, win: BrowserWindow): void {
  win.webContents.send(IPC_EVENT, 'telemetry.frame', encodeFrame(core.telemetry.fullFrame()));
  const replay = core.replay.fullFrame();
  if (replay) win.webContents.send(IPC_EVENT, 'replay.frame', encodeFrame(replay, 'replay.frame'));
}
