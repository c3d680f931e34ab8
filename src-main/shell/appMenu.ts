import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../src-shared/appCommands';
import { APP_NAME } from '../../src-shared/constants';

/**
 * The desktop app's native menu. Items that change the console send it a command (the renderer
 * runs it with the same action as its buttons); items about the app itself (About, the log
 * folder, updates, quitting) are handled here in the main process. Built as plain data so a test
 * can read it without Electron.
 */
export interface MenuActions {
  command(command: AppCommand): void;
  about(): void;
  openLogFolder(): void;
  /** Present only when an update server is configured (updates are off by default). */
  checkForUpdates?: () => void;
}

const LAYERS: readonly [Extract<AppCommand, { kind: 'layer.toggle' }>['layer'], string][] = [
  ['trails', 'Trails'],
  ['routes', 'Routes'],
  ['mesh', 'Mesh links'],
  ['borders', 'Borders'],
  ['cities', 'Cities'],
  ['graticule', 'Grid'],
];

export function menuTemplate(
  actions: MenuActions,
  platform: NodeJS.Platform = process.platform,
  dev = false,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const send = (command: AppCommand) => () => actions.command(command);
  const about: MenuItemConstructorOptions = { label: `About ${APP_NAME}`, click: actions.about };
  const updates: MenuItemConstructorOptions[] = actions.checkForUpdates
    ? [{ label: 'Check for Updates…', click: actions.checkForUpdates }]
    : [];

  const menu: MenuItemConstructorOptions[] = [];
  if (mac) {
    menu.push({
      label: APP_NAME,
      submenu: [
        about,
        ...updates,
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  menu.push(
    {
      label: 'File',
      submenu: [
        {
          label: 'Open Mission…',
          accelerator: 'CmdOrCtrl+O',
          click: send({ kind: 'mission.open' }),
        },
        {
          label: 'Export Mission…',
          accelerator: 'CmdOrCtrl+E',
          click: send({ kind: 'mission.export' }),
        },
        { label: 'Back to the Live Fleet', click: send({ kind: 'mission.close' }) },
        { type: 'separator' },
        { label: 'Open Log Folder', click: actions.openLogFolder },
        ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Dark Theme', click: send({ kind: 'theme.set', theme: 'dark' }) },
        { label: 'Outdoor Theme', click: send({ kind: 'theme.set', theme: 'outdoor' }) },
        { type: 'separator' },
        {
          label: 'Map Layers',
          submenu: LAYERS.map(([layer, label]) => ({
            label,
            click: send({ kind: 'layer.toggle', layer }),
          })),
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        // Developer tools only in a development build: an operator's console has no use for them.
        ...(dev ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        // `?` is the console's own shortcut; the menu item is for those who never press it.
        { label: 'Keyboard Shortcuts', click: send({ kind: 'help.shortcuts' }) },
        ...(mac ? [] : [{ type: 'separator' } as const, about, ...updates]),
      ],
    },
  );
  return menu;
}

export interface AboutFacts {
  version: string;
  versions: Partial<Record<'electron' | 'chrome' | 'node' | 'v8', string>>;
  duckdb: string;
  dataDir: string;
  logPath: string;
  updateUrl: string | null;
}

/** The About box's text: versions an engineer asks for first, and where data and logs live. */
export function aboutText(facts: AboutFacts): string {
  const v = facts.versions;
  return [
    `${APP_NAME} ${facts.version}`,
    '',
    `Electron ${v.electron ?? '?'} · Chromium ${v.chrome ?? '?'} · Node ${v.node ?? '?'} · V8 ${v.v8 ?? '?'}`,
    `DuckDB ${facts.duckdb}`,
    '',
    `Data: ${facts.dataDir}`,
    `Log: ${facts.logPath}`,
    `Updates: ${facts.updateUrl ? `from ${facts.updateUrl}` : 'off (set GCS_UPDATE_URL to an update server)'}`,
  ].join('\n');
}
