import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { GcsProvider } from './state/GcsContext';
import { createGcsStore } from './state/gcsStore';
import { startHostSync } from './state/hostSync';
import { TelemetryBuffer } from './state/telemetryBuffer';
import { connect } from './transport/connect';
import './styles.css';

// The connection, store and sync live for the page, outside React: StrictMode's double-run
// effects must not open a second socket or subscribe to the host twice.
const connection = connect();
const store = createGcsStore();
const telemetry = new TelemetryBuffer();
startHostSync({ connection, store, telemetry });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <GcsProvider store={store} telemetry={telemetry}>
      <App />
    </GcsProvider>
  </StrictMode>,
);
