import { useEffect } from 'react';
import { useGcsStoreApi } from '../state/GcsContext';
import { isTypingTarget } from './keys';
import { findShortcut } from './registry';

/** Runs the registry's shortcuts from key presses anywhere on the page, except in text fields. */
export function useShortcuts(): void {
  const store = useGcsStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing || isTypingTarget(event.target)) return;
      const shortcut = findShortcut(event);
      if (!shortcut) return;
      if (store.getState().helpOpen && !shortcut.overOverlay) return;
      if (shortcut.enabled && !shortcut.enabled({ store })) return;
      event.preventDefault();
      shortcut.run({ store });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
