import type { GcsStore } from '../state/gcsStore';

/** What a shortcut may act on. The map's settings are a module store of their own (mapSettings). */
export interface ShortcutContext {
  store: GcsStore;
}

export type ShortcutGroup = 'Selection' | 'Map' | 'View' | 'Replay';

/**
 * One keyboard action, in a file of its own (as Excalidraw's actions are): the help overlay and
 * the key handler both read the same registry, so the list on screen is always the real one.
 */
export interface Shortcut {
  id: string;
  label: string;
  group: ShortcutGroup;
  /**
   * Key combinations, e.g. `]`, `shift+t`, `mod+shift+l` (`mod`: ctrl, or cmd on a Mac). The key
   * is KeyboardEvent.key; for a symbol that itself needs shift (`?`) shift is not checked.
   */
  keys: readonly string[];
  /** Also runs while the help overlay is open (the overlay itself, closing it). */
  overOverlay?: boolean;
  /** When it says no, the key is left alone (not even its default action is prevented). */
  enabled?(context: ShortcutContext): boolean;
  run(context: ShortcutContext): void;
}
