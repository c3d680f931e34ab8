import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { localUrls } from '../../../src-main/shell/localUrls';

const rendererIndex = '/opt/DroneGrid GCS/resources/app.asar/out/renderer/index.html';
const page = pathToFileURL(rendererIndex).href;

describe('the app’s own URLs', () => {
  const urls = localUrls({ rendererIndex, tileScheme: 'gcs-tiles', platform: 'linux' });

  it('knows the renderer page however the file URL is spelled', () => {
    expect(urls.isRendererPage(page)).toBe(true);
    expect(urls.isRendererPage(`${page}#/missions`)).toBe(true);
    // Chromium's spelling of the space, and an encoded letter: the same file.
    expect(urls.isRendererPage(page.replace('%20', '%20').replace('index', '%69ndex'))).toBe(true);
    expect(urls.isRendererPage(pathToFileURL('/opt/DroneGrid GCS/other.html').href)).toBe(false);
    expect(urls.isRendererPage('https://example.com/index.html')).toBe(false);
    expect(urls.isRendererPage('file:///etc/passwd')).toBe(false);
  });

  it('lets the window load its bundle, tiles and inline data, and nothing else', () => {
    const asset = pathToFileURL(
      '/opt/DroneGrid GCS/resources/app.asar/out/renderer/assets/countries-50m-889Y3fkl.js',
    ).href;
    expect(urls.isLocalResource(asset)).toBe(true);
    expect(urls.isLocalResource(page)).toBe(true);
    expect(urls.isLocalResource('gcs-tiles://tiles/1/5/10/12')).toBe(true);
    expect(urls.isLocalResource('data:image/svg+xml,<svg/>')).toBe(true);
    expect(urls.isLocalResource('blob:file:///1234')).toBe(true);
    for (const foreign of [
      'https://example.com/',
      'http://127.0.0.1:8787/',
      'ws://127.0.0.1:8787/ws',
      'file:///etc/passwd',
      // Climbing out of the renderer folder, spelled plainly or encoded.
      pathToFileURL('/opt/DroneGrid GCS/resources/app.asar/out/main/index.js').href,
      `${pathToFileURL('/opt/DroneGrid GCS/resources/app.asar/out/renderer').href}/..%2Fmain%2Findex.js`,
      pathToFileURL('/opt/DroneGrid GCS/resources/app.asar/out/renderer-evil/x.js').href,
    ]) {
      expect(urls.isLocalResource(foreign), foreign).toBe(false);
    }
  });

  it('compares Windows paths without regard to case', () => {
    const win = localUrls({
      rendererIndex: '/Users/Op/AppData/Local/Programs/dronegrid-gcs/out/renderer/index.html',
      tileScheme: 'gcs-tiles',
      platform: 'win32',
    });
    expect(
      win.isRendererPage(
        'file:///users/op/appdata/local/programs/DRONEGRID-GCS/out/renderer/index.html',
      ),
    ).toBe(true);
  });

  it('trusts the dev server only when there is one', () => {
    const dev = localUrls({
      rendererIndex,
      tileScheme: 'gcs-tiles',
      devServerUrl: 'http://localhost:5173',
      platform: 'linux',
    });
    expect(dev.isRendererPage('http://localhost:5173/')).toBe(true);
    expect(dev.isRendererPage('http://localhost:51730/')).toBe(false);
    expect(dev.isLocalResource('http://localhost:5173/@vite/client')).toBe(true);
    expect(dev.isLocalResource('ws://localhost:5173/')).toBe(true);
    expect(dev.isLocalResource('ws://evil.example/')).toBe(false);
    expect(dev.isLocalResource('http://localhost:51730/x.js')).toBe(false);
    expect(dev.isLocalResource('ws://localhost:51730/')).toBe(false);
    expect(urls.isRendererPage('http://localhost:5173/')).toBe(false);
  });
});
