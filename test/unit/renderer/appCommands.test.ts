import { describe, expect, it, vi } from 'vitest';
import type { AppCommand } from '../../../src-shared/appCommands';
import type { EventName, GcsApi } from '../../../src-shared/contract';
import { runAppCommand, startAppCommands } from '../../../src-renderer/state/appCommands';
import { createGcsStore } from '../../../src-renderer/state/gcsStore';
import { mapSettings } from '../../../src-renderer/state/mapSettings';

describe('the desktop menu’s commands in the console', () => {
  it('switches the theme, a map layer and the shortcuts overlay as the console’s own keys do', async () => {
    const store = createGcsStore({ theme: 'dark' });
    await runAppCommand({ kind: 'theme.set', theme: 'outdoor' }, store);
    expect(store.getState().theme).toBe('outdoor');
    await runAppCommand({ kind: 'theme.set', theme: 'outdoor' }, store);
    expect(store.getState().theme).toBe('outdoor');

    const mesh = mapSettings.getState().layers.mesh;
    await runAppCommand({ kind: 'layer.toggle', layer: 'mesh' }, store);
    expect(mapSettings.getState().layers.mesh).toBe(!mesh);
    await runAppCommand({ kind: 'layer.toggle', layer: 'mesh' }, store);
    expect(mapSettings.getState().layers.mesh).toBe(mesh);

    expect(store.getState().helpOpen).toBe(false);
    await runAppCommand({ kind: 'help.shortcuts' }, store);
    expect(store.getState().helpOpen).toBe(true);
  });

  it('runs what arrives as the app.command event, until stopped', async () => {
    const store = createGcsStore({ theme: 'dark' });
    let listener: ((command: AppCommand) => void) | null = null;
    const api = {
      on: vi.fn((event: EventName, l: (command: AppCommand) => void) => {
        expect(event).toBe('app.command');
        listener = l;
        return () => (listener = null);
      }),
    } as unknown as GcsApi;
    const stop = startAppCommands(api, store);
    listener!({ kind: 'theme.set', theme: 'outdoor' });
    await Promise.resolve();
    expect(store.getState().theme).toBe('outdoor');
    stop();
    expect(listener).toBeNull();
  });
});
