import type { AppCommand } from '../../src-shared/appCommands';
import type { GcsApi } from '../../src-shared/contract';
import type { GcsStore } from './gcsStore';
import { toggleLayer } from './mapSettings';
import { replayControls } from './replayState';

/**
 * Runs the desktop app's menu commands (the `app.command` event) through the same actions the
 * console's buttons and keys use, so a menu item and its button can never disagree.
 */
export function startAppCommands(api: GcsApi, store: GcsStore): () => void {
  return api.on('app.command', (command) => void runAppCommand(command, store));
}

export async function runAppCommand(command: AppCommand, store: GcsStore): Promise<void> {
  const state = store.getState();
  switch (command.kind) {
    case 'mission.open': {
      state.setDockTab('missions');
      const folder = await replayControls.pickFolder('open-mission');
      if (folder) await replayControls.open(folder);
      return;
    }
    case 'mission.close':
      await replayControls.close();
      return;
    case 'mission.export':
      state.setDockTab('missions');
      // The tab renders on the next frame; then the operator types or browses for the folder.
      requestAnimationFrame(() =>
        document.querySelector<HTMLInputElement>('[data-testid="mission-export-path"]')?.focus(),
      );
      return;
    case 'theme.set':
      state.setTheme(command.theme);
      return;
    case 'layer.toggle':
      toggleLayer(command.layer);
      return;
    case 'help.shortcuts':
      state.setHelpOpen(true);
      return;
  }
}
