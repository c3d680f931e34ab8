import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version as duckdbVersion } from '@duckdb/node-api';
import { app, BrowserWindow, dialog, Menu, screen, session, shell } from 'electron';
import type { AppCommand } from '../src-shared/appCommands';
import { APP_NAME } from '../src-shared/constants';
import { configFromEnv, type CoreConfig } from './core/config';
import { createCore, type Core } from './core/createCore';
import { createLogger, type Logger } from './core/logger';
import {
  IPC_EVENT,
  registerElectronHost,
  registerTileScheme,
  sendFullFrame,
  serveTiles,
  TILE_SCHEME,
} from './hosts/electronHost';
import { CONTENT_SECURITY_POLICY } from './hosts/webHost';
import { aboutText, menuTemplate } from './shell/appMenu';
import { openFileLog, type FileLog } from './shell/fileLog';
import { localUrls } from './shell/localUrls';
import { startUpdates, updateSource, type Updates } from './shell/updates';
import {
  MIN_SIZE,
  placementFor,
  readWindowState,
  writeWindowState,
  type SavedWindowState,
} from './shell/windowState';
import { version } from '../package.json';

/**
 * The Electron shell: the app, its window, menu and lifecycle. Everything else is the core and the
 * Electron host, so this file stays thin.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
// electron-vite's dev server, in a development build only: a packaged app never trusts a URL
// from its environment.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];

// A user-data folder of the caller's choosing (the Electron e2e suite gives each run a fresh one).
// Before anything reads it: the single-instance lock, the log and the data folder all live there.
const userDataOverride = process.env['GCS_USER_DATA_DIR'];
if (userDataOverride) app.setPath('userData', resolve(userDataOverride));

const urls = localUrls({ rendererIndex, tileScheme: TILE_SCHEME, devServerUrl });

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;
let updates: Updates | null = null;
let disposeHost: (() => void) | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another instance owns this user-data folder (and its DuckDB file): it gets the focus instead.
  app.exit(0);
} else {
  app.enableSandbox();
  registerTileScheme();
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    // Every web contents, not only our window's: nothing navigates away, opens a window or embeds.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const fileLog = openFileLog(join(userData, 'logs'));
  let config: CoreConfig;
  let log: Logger;
  try {
    config = configFromEnv(process.env, version, userData);
    log = createLogger(config.logLevel, (line) => {
      process.stderr.write(line + '\n');
      fileLog.write(line);
    });
  } catch (error) {
    return fail(fileLog, 'The configuration is not valid', error);
  }
  process.on('uncaughtException', (error) => log.error('uncaught exception', error));
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));
  hardenSession(log);

  try {
    core = await createCore(config, log);
  } catch (error) {
    return fail(fileLog, `${APP_NAME} could not open its data`, error);
  }
  disposeHost = registerElectronHost(core, () => mainWindow, urls.isRendererPage);
  serveTiles(core);

  const source = updateSource(process.env, userData);
  if ('error' in source && source.error) log.warn(`updates are off: ${source.error}`);
  if (source.url) {
    try {
      updates = await startUpdates(source.url, log, (next) => {
        void dialog.showMessageBox({
          type: 'info',
          title: 'Update ready',
          message: `${APP_NAME} ${next} is downloaded. It installs when you quit the app.`,
        });
      });
    } catch (error) {
      // Updates are a convenience: the console opens without them.
      log.warn('updates are off: the updater did not start', error);
    }
  }

  const showAbout = (): void => {
    void dialog.showMessageBox({
      type: 'info',
      title: `About ${APP_NAME}`,
      message: APP_NAME,
      detail: aboutText({
        version,
        versions: process.versions,
        duckdb: duckdbVersion(),
        dataDir: config.dataDir,
        logPath: fileLog.path,
        updateUrl: source.url,
      }),
    });
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          command: (command) => sendCommand(command),
          about: showAbout,
          openLogFolder: () => void shell.openPath(join(userData, 'logs')),
          ...(updates ? { checkForUpdates: () => void updates?.check() } : {}),
        },
        process.platform,
        devServerUrl !== undefined,
      ),
    ),
  );

  mainWindow = createWindow(userData, log);
  log.info(`data folder: ${config.dataDir}; log: ${fileLog.path}`);
  // The line launchers and the Electron e2e suite wait for.
  log.info(`${APP_NAME} ${version} ready`);
  process.stdout.write(`${APP_NAME} ready\n`);
}

function hardenSession(log: Logger): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn(`permission request denied: ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  // No dictionary downloads: the console has no free text worth checking.
  ses.setSpellCheckerEnabled(false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = urls.isLocalResource(details.url);
    if (!allowed) log.warn(`blocked a request for ${details.url.slice(0, 120)}`);
    callback({ cancel: !allowed });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    // The console's own responses only (the dev server's page, tiles); devtools keep their own.
    if (devServerUrl !== undefined || details.url.startsWith('devtools:')) {
      callback({ responseHeaders: details.responseHeaders });
      return;
    }
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}

function createWindow(userData: string, log: Logger): BrowserWindow {
  const placement = placementFor(
    readWindowState(userData),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(placement.x !== undefined && placement.y !== undefined
      ? { x: placement.x, y: placement.y }
      : {}),
    width: placement.width,
    height: placement.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    backgroundColor: '#0b1014',
    title: APP_NAME,
    // Linux takes the window's icon from here (the .desktop entry's is for menus and docks).
    ...(process.platform === 'linux' && app.isPackaged
      ? { icon: join(process.resourcesPath, 'icon.png') }
      : {}),
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click on a link would otherwise ask for a new window (refused anyway): not even asked.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (placement.maximized) win.maximize();
  if (placement.fullScreen) win.setFullScreen(true);
  win.once('ready-to-show', () => win.show());
  rememberPlacement(win, userData, log);
  win.webContents.on('did-finish-load', () => core && sendFullFrame(core, win));
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererIndex);
  return win;
}

/** Saves the window's normal bounds (not the maximised ones) shortly after a move and on close. */
function rememberPlacement(win: BrowserWindow, userData: string, log: Logger): void {
  let timer: NodeJS.Timeout | null = null;
  const save = (): void => {
    if (win.isDestroyed()) return;
    const bounds = win.getNormalBounds();
    const state: SavedWindowState = {
      ...bounds,
      maximized: win.isMaximized(),
      fullScreen: win.isFullScreen(),
    };
    try {
      writeWindowState(userData, state);
    } catch (error) {
      log.warn('could not save the window position', error);
    }
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
}

function sendCommand(command: AppCommand): void {
  const win = mainWindow;
  if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, 'app.command', command);
}

/** Before the core exists there is no console to show an error in: a dialog, the log, exit 1. */
function fail(fileLog: FileLog, title: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const line = `${new Date().toISOString()} ERROR ${title}: ${message}`;
  process.stderr.write(line + '\n');
  fileLog.write(line);
  // An operator gets a dialog; an unattended run (CI) must not hang on a modal one.
  if (!process.env['CI']) dialog.showErrorBox(title, `${message}\n\nLog: ${fileLog.path}`);
  app.exit(1);
}

let quitting = false;
/** Longer than any flush and store close we have measured (well under a second), by far. */
const QUIT_DEADLINE_MS = 15_000;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  // Close the core (flush telemetry, close DuckDB) before the process goes away.
  event.preventDefault();
  quitting = true;
  // A close that hangs (a cluster that does not answer) must not keep the app from ending.
  setTimeout(() => app.exit(0), QUIT_DEADLINE_MS).unref();
  updates?.stop();
  // Nothing new reaches the core while it closes.
  mainWindow?.hide();
  disposeHost?.();
  const closing = core;
  void closing
    .close()
    .then(() => closing.log.info('core closed: telemetry flushed, store closed'))
    .catch((error: unknown) => closing.log.error('closing the core failed', error))
    // Quit again rather than exit: `will-quit` and `quit` then fire, and the updater installs a
    // downloaded update on `quit`.
    .finally(() => app.quit());
});
// A service manager or a terminal stopping the app gets the same clean close as the menu's Quit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

app.on('window-all-closed', () => app.quit());
