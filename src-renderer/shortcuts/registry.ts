import { actionClearSelection } from './actionClearSelection';
import { actionFitToConvoy } from './actionFitToConvoy';
import { actionFollowSelected } from './actionFollowSelected';
import { actionNextDrone } from './actionNextDrone';
import { actionPreviousDrone } from './actionPreviousDrone';
import { actionShowAlerts } from './actionShowAlerts';
import { actionShowDrones } from './actionShowDrones';
import { actionShowSystem } from './actionShowSystem';
import { actionToggleBorders } from './actionToggleBorders';
import { actionToggleCities } from './actionToggleCities';
import { actionToggleGrid } from './actionToggleGrid';
import { actionToggleHelp } from './actionToggleHelp';
import { actionToggleMesh } from './actionToggleMesh';
import { actionToggleRoutes } from './actionToggleRoutes';
import { actionToggleTheme } from './actionToggleTheme';
import { actionToggleTrails } from './actionToggleTrails';
import { matchesCombo } from './keys';
import type { Shortcut } from './types';

/** Every keyboard shortcut, in the order the help overlay lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  actionNextDrone,
  actionPreviousDrone,
  actionClearSelection,
  actionFollowSelected,
  actionFitToConvoy,
  actionToggleTrails,
  actionToggleMesh,
  actionToggleRoutes,
  actionToggleBorders,
  actionToggleGrid,
  actionToggleCities,
  actionToggleTheme,
  actionShowAlerts,
  actionShowDrones,
  actionShowSystem,
  actionToggleHelp,
];

export function findShortcut(event: KeyboardEvent): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.keys.some((k) => matchesCombo(event, k)));
}
