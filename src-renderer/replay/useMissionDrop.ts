import type { DragEvent } from 'react';
import { replayControls, replayState } from '../state/replayState';

/**
 * A mission folder dropped anywhere on the console opens for replay. Only the desktop app can
 * tell where a dropped folder is (its preload reads the path); a browser never learns it, so the
 * web host says to type the path instead.
 */
export function useMissionDrop() {
  return {
    onDragOver(event: DragEvent): void {
      if (event.dataTransfer.types.includes('Files')) event.preventDefault();
    },
    onDrop(event: DragEvent): void {
      const file = event.dataTransfer.files[0];
      if (!file) return;
      event.preventDefault();
      const path = window.gcsFiles?.pathOf(file) ?? '';
      if (path === '') {
        replayState.setState({
          lastError:
            'a browser cannot tell where a dropped folder is: type its path under Missions (O)',
        });
        return;
      }
      void replayControls.open(path);
    },
  };
}
