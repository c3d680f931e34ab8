import { actionClearSelection } from './actionClearSelection';
import { actionFitToConvoy } from './actionFitToConvoy';
import { actionFollowSelected } from './actionFollowSelected';
import { actionNextDrone } from './actionNextDrone';
import { actionPreviousDrone } from './actionPreviousDrone';
import { actionShowAlerts } from './actionShowAlerts';
import { actionShowDrones } from './actionShowDrones';
import { actionReplayBack1 } from './actionReplayBack1';
import { actionReplayBack10 } from './actionReplayBack10';
import { actionReplayForward1 } from './actionReplayForward1';
import { actionReplayForward10 } from './actionReplayForward10';
import { actionReplayPlayPause } from './actionReplayPlayPause';
import { actionShowAnalytics } from './actionShowAnalytics';
import { actionShowMissions } from './actionShowMissions';
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
  actionShowMissions,
  actionShowAnalytics,
  actionToggleHelp,
  actionReplayPlayPause,
  actionReplayBack1,
  actionReplayForward1,
  actionReplayBack10,
  actionReplayForward10,
];

export function findShortcut(event: KeyboardEvent): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.keys.some((k) => matchesCombo(event, k)));
}
