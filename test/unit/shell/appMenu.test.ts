import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { AppCommand } from '../../../src-shared/appCommands';
import { events } from '../../../src-shared/contract';
import { aboutText, menuTemplate, type MenuActions } from '../../../src-main/shell/appMenu';

function actions(): MenuActions & { sent: AppCommand[] } {
  const sent: AppCommand[] = [];
  return { sent, command: (c) => sent.push(c), about: vi.fn(), openLogFolder: vi.fn() };
}

const submenu = (menu: MenuItemConstructorOptions[], label: string) =>
  (menu.find((m) => m.label === label || m.role === label)?.submenu ??
    []) as MenuItemConstructorOptions[];
const item = (items: MenuItemConstructorOptions[], label: string) => {
  const found = items.find((i) => i.label === label);
  if (!found) throw new Error(`no menu item ${label}: ${items.map((i) => i.label).join(', ')}`);
  return found;
};
const click = (entry: MenuItemConstructorOptions) =>
  (entry.click as unknown as () => void | undefined)?.();

describe('the native menu', () => {
  it('has File, Edit, View, Window and Help, with the app menu first on a Mac', () => {
    const top = (platform: NodeJS.Platform) =>
      menuTemplate(actions(), platform).map((m) => m.label ?? m.role);
    expect(top('linux')).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);
    expect(top('win32')).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);
    expect(top('darwin')).toEqual([
      'DroneGrid GCS',
      'File',
      'editMenu',
      'View',
      'windowMenu',
      'help',
    ]);
  });

  it('sends the console commands its contract accepts', () => {
    const a = actions();
    const menu = menuTemplate(a, 'linux');
    const file = submenu(menu, 'File');
    expect(item(file, 'Open Mission…').accelerator).toBe('CmdOrCtrl+O');
    click(item(file, 'Open Mission…'));
    click(item(file, 'Export Mission…'));
    click(item(file, 'Back to the Live Fleet'));
    const view = submenu(menu, 'View');
    click(item(view, 'Outdoor Theme'));
    click(item(view, 'Dark Theme'));
    for (const layer of item(view, 'Map Layers').submenu as MenuItemConstructorOptions[]) {
      click(layer);
    }
    click(item(submenu(menu, 'help'), 'Keyboard Shortcuts'));
    expect(a.sent).toEqual([
      { kind: 'mission.open' },
      { kind: 'mission.export' },
      { kind: 'mission.close' },
      { kind: 'theme.set', theme: 'outdoor' },
      { kind: 'theme.set', theme: 'dark' },
      ...['trails', 'routes', 'mesh', 'borders', 'cities', 'graticule'].map((layer) => ({
        kind: 'layer.toggle',
        layer,
      })),
      { kind: 'help.shortcuts' },
    ]);
    // Each is a valid `app.command` event: the renderer validates what it receives.
    for (const command of a.sent) expect(events['app.command'].parse(command)).toEqual(command);
    expect(AppCommand.safeParse({ kind: 'layer.toggle', layer: 'satellite' }).success).toBe(false);
  });

  it('shows About under Help (the app menu on a Mac), and updates only when configured', () => {
    const a = actions();
    const help = submenu(menuTemplate(a, 'linux'), 'help');
    click(item(help, 'About DroneGrid GCS'));
    expect(a.about).toHaveBeenCalledOnce();
    expect(help.some((i) => i.label === 'Check for Updates…')).toBe(false);
    const check = vi.fn();
    const withUpdates = submenu(menuTemplate({ ...a, checkForUpdates: check }, 'linux'), 'help');
    click(item(withUpdates, 'Check for Updates…'));
    expect(check).toHaveBeenCalledOnce();
    const macApp = submenu(menuTemplate(a, 'darwin'), 'DroneGrid GCS');
    expect(macApp.some((i) => i.label === 'About DroneGrid GCS')).toBe(true);
  });

  it('offers developer tools only in a development build', () => {
    const hasDevTools = (dev: boolean) =>
      submenu(menuTemplate(actions(), 'linux', dev), 'View').some(
        (i) => i.role === 'toggleDevTools',
      );
    expect(hasDevTools(false)).toBe(false);
    expect(hasDevTools(true)).toBe(true);
  });
});

describe('the About text', () => {
  it('names every version and where data and the log live', () => {
    const text = aboutText({
      version: '0.1.0',
      versions: { electron: '37.10.3', chrome: '138.0.7204.251', node: '22.19.0', v8: '13.8' },
      duckdb: 'v1.5.5',
      dataDir: '/home/op/.config/DroneGrid GCS',
      logPath: '/home/op/.config/DroneGrid GCS/logs/main.log',
      updateUrl: null,
    });
    expect(text).toContain('DroneGrid GCS 0.1.0');
    expect(text).toContain('Electron 37.10.3');
    expect(text).toContain('Chromium 138.0.7204.251');
    expect(text).toContain('DuckDB v1.5.5');
    expect(text).toContain('Log: /home/op/.config/DroneGrid GCS/logs/main.log');
    expect(text).toMatch(/Updates: off/);
  });
});
