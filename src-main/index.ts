import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { configFromEnv } from './core/config';
import { createCore, type Core } from './core/createCore';
import { createLogger } from './core/logger';
import {
  registerElectronHost,
  registerTileScheme,
  sendFullFrame,
  serveTiles,
} from './hosts/electronHost';
import { CONTENT_SECURITY_POLICY } from './hosts/webHost';
import { version } from '../package.json';

/**
 * The Electron shell: the app, its window and its lifecycle. Everything else is the core and the
 * Electron host, so this file stays thin.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];

app.enableSandbox();
registerTileScheme();
if (!app.requestSingleInstanceLock()) app.quit();

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

const isTrustedUrl = (url: string): boolean =>
  devServerUrl
    ? url.startsWith(devServerUrl)
    : url === pathToFileURL(rendererIndex).href ||
      url.startsWith(pathToFileURL(rendererIndex).href + '#');

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1280,
    minHeight: 720,
    backgroundColor: '#0b1014',
    title: 'DroneGrid GCS',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('did-finish-load', () => core && sendFullFrame(core, win));
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererIndex);
  return win;
}

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

void app.whenReady().then(async () => {
  const config = configFromEnv(process.env, version, app.getPath('userData'));
  const log = createLogger(config.logLevel);
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  core = await createCore(config, log);
  registerElectronHost(core, () => mainWindow, isTrustedUrl);
  serveTiles(core);
  mainWindow = createWindow();
  log.info(`data folder: ${config.dataDir}`);
  process.stdout.write('DroneGrid GCS ready\n');
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  // Close the core (flush telemetry, close DuckDB) before the process goes away.
  event.preventDefault();
  quitting = true;
  void core.close().finally(() => app.exit(0));
});

app.on('window-all-closed', () => app.quit());
