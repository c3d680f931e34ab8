import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { DroneLiveBuffer } from './state/droneLiveBuffer';
import { GcsProvider } from './state/GcsContext';
import { createGcsStore } from './state/gcsStore';
import { startAppCommands } from './state/appCommands';
import { startHostSync } from './state/hostSync';
import { isReplaying, startReplaySync } from './state/replayState';
import { TelemetryBuffer } from './state/telemetryBuffer';
import { loadTheme } from './theme/theme';
import { startThemeSync } from './theme/themeSync';
import { connect } from './transport/connect';
import { createSourceApi } from './transport/sourceApi';
import './styles.css';

// The connection, store and sync live for the page, outside React: StrictMode's double-run
// effects must not open a second socket or subscribe to the host twice.
const connection = connect();
const store = createGcsStore({ theme: loadTheme() });
// Before the first render, so the page never flashes the other theme.
startThemeSync(store);
const telemetry = new TelemetryBuffer();
const live = new DroneLiveBuffer();
// The console reads the live fleet, or the mission being replayed: one switch, here.
const api = createSourceApi(connection.api, isReplaying);
const sourceListeners = new Set<() => void>();
startReplaySync(
  connection.api,
  (listener) => connection.onState((state) => state === 'open' && listener()),
  () => {
    for (const listener of sourceListeners) listener();
  },
);
startHostSync({
  connection,
  api,
  store,
  telemetry,
  live,
  onSourceChange: (listener) => {
    sourceListeners.add(listener);
    return () => sourceListeners.delete(listener);
  },
  source: () => (isReplaying() ? 'replay' : 'live'),
});

// The desktop app's native menu (File, View, Help) arrives as commands from the main process.
startAppCommands(connection.api, store);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <GcsProvider store={store} telemetry={telemetry}>
      <App live={live} api={api} hostApi={connection.api} desktop={connection.desktop} />
    </GcsProvider>
  </StrictMode>,
);
