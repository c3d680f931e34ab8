import { z } from 'zod';

/**
 * What the desktop app's native menu asks the console to do. The menu lives in the main process
 * and the console's state in the renderer, so a menu item is a command sent as the `app.command`
 * event; the renderer runs it exactly as its own buttons and keys would. The web host never sends
 * one (a browser has no native menu).
 */
export const THEME_NAMES = ['dark', 'outdoor'] as const;
export const MAP_LAYER_NAMES = [
  'borders',
  'cities',
  'graticule',
  'trails',
  'mesh',
  'routes',
] as const;

export const AppCommand = z.discriminatedUnion('kind', [
  /** Pick a mission folder and replay it. */
  z.object({ kind: z.literal('mission.open') }),
  /** Back to the live fleet. */
  z.object({ kind: z.literal('mission.close') }),
  /** Show the export form (folder, convoys, times) in the Missions tab. */
  z.object({ kind: z.literal('mission.export') }),
  z.object({ kind: z.literal('theme.set'), theme: z.enum(THEME_NAMES) }),
  z.object({ kind: z.literal('layer.toggle'), layer: z.enum(MAP_LAYER_NAMES) }),
  z.object({ kind: z.literal('help.shortcuts') }),
]);
export type AppCommand = z.infer<typeof AppCommand>;
