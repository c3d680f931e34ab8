import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which URLs are the app's own. File URLs are compared as paths, never as strings: Chromium and
 * Node spell the same file differently (a Windows drive letter's case, which characters are
 * percent-encoded), and a string mismatch would blank the window or refuse every IPC request.
 */
export interface LocalUrls {
  /** The renderer's page itself (the only frame whose requests the Electron host answers). */
  isRendererPage(url: string): boolean;
  /** What the window may load: the renderer's files, our tile protocol, inline data. */
  isLocalResource(url: string): boolean;
}

export interface LocalUrlOptions {
  rendererIndex: string;
  tileScheme: string;
  /** electron-vite's dev server (a development build only). */
  devServerUrl?: string | undefined;
  platform?: NodeJS.Platform;
}

export function localUrls(options: LocalUrlOptions): LocalUrls {
  const caseless = (options.platform ?? process.platform) === 'win32';
  const norm = (path: string) => (caseless ? resolve(path).toLowerCase() : resolve(path));
  const index = norm(options.rendererIndex);
  const folder = norm(resolve(options.rendererIndex, '..'));
  const dev = options.devServerUrl;
  const devPrefix = dev && (dev.endsWith('/') ? dev : `${dev}/`);
  const fromDevServer = (url: string) => !!dev && (url === dev || url.startsWith(devPrefix!));

  const filePath = (url: string): string | null => {
    if (!url.startsWith('file:')) return null;
    try {
      return norm(fileURLToPath(url.split('#')[0]!.split('?')[0]!));
    } catch {
      return null;
    }
  };
  const inside = (path: string) => {
    const rel = relative(folder, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };

  return {
    isRendererPage(url) {
      return dev ? fromDevServer(url) : filePath(url) === index;
    },
    isLocalResource(url) {
      const path = filePath(url);
      if (path !== null) return inside(path);
      if (
        url.startsWith(`${options.tileScheme}:`) ||
        url.startsWith('data:') ||
        url.startsWith('blob:') ||
        url.startsWith('devtools:')
      ) {
        return true;
      }
      if (!dev) return false;
      // Vite's hot reload talks over a WebSocket to the same host and port.
      const ws = `ws://${new URL(dev).host}`;
      return fromDevServer(url) || url === ws || url.startsWith(`${ws}/`);
    },
  };
}
