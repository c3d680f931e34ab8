import type { GcsStore } from '../state/gcsStore';
import { applyTheme } from './theme';

/** Applies the store's theme to the page now and whenever it changes; returns the stop function. */
export function startThemeSync(store: GcsStore): () => void {
  applyTheme(store.getState().theme);
  return store.subscribe((next, previous) => {
    if (next.theme !== previous.theme) applyTheme(next.theme);
  });
}
