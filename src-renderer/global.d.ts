import type { GcsBridge } from '../src-shared/client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser, where the WebSocket bridge is used. */
    gcs?: GcsBridge;
    /** Set by the Electron preload: the path of a file or folder dropped on the window. */
    gcsFiles?: { pathOf(file: File): string };
  }
}

export {};
