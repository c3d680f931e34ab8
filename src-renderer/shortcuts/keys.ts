/** A parsed key combination of a Shortcut's `keys`. */
interface Combo {
  key: string;
  shift: boolean;
  mod: boolean;
  alt: boolean;
}

const NAMED_KEYS: Record<string, string> = {
  escape: 'Escape',
  esc: 'Escape',
  space: ' ',
  arrowleft: 'ArrowLeft',
  arrowright: 'ArrowRight',
};
const SHOWN_KEYS: Record<string, string> = {
  Escape: 'Esc',
  ' ': 'Space',
  ArrowLeft: '←',
  ArrowRight: '→',
};

export function parseCombo(text: string): Combo {
  const parts = text.split('+');
  // `+` itself as the key: "shift++" splits into a trailing empty part.
  const rawKey = text.endsWith('++') || text === '+' ? '+' : (parts.pop() ?? '');
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return {
    key: NAMED_KEYS[rawKey.toLowerCase()] ?? rawKey,
    shift: mods.has('shift'),
    mod: mods.has('mod') || mods.has('ctrl') || mods.has('cmd'),
    alt: mods.has('alt'),
  };
}

const isLetter = (key: string): boolean => /^[a-z]$/i.test(key);

export function matchesCombo(event: KeyboardEvent, text: string): boolean {
  const combo = parseCombo(text);
  if ((event.ctrlKey || event.metaKey) !== combo.mod || event.altKey !== combo.alt) return false;
  if (isLetter(combo.key)) {
    // With shift, event.key is the capital (and with caps lock on, capital without shift).
    return event.key.toLowerCase() === combo.key.toLowerCase() && event.shiftKey === combo.shift;
  }
  if (combo.key.length === 1) return event.key === combo.key;
  return event.key === combo.key && event.shiftKey === combo.shift;
}

const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);

/** A combination as the help overlay shows it: "Shift+T", "Ctrl+Shift+L" (⌘ on a Mac), "Esc". */
export function formatCombo(text: string): string[] {
  const combo = parseCombo(text);
  const parts: string[] = [];
  if (combo.mod) parts.push(isMac() ? '⌘' : 'Ctrl');
  if (combo.alt) parts.push(isMac() ? '⌥' : 'Alt');
  if (combo.shift) parts.push('Shift');
  parts.push(
    SHOWN_KEYS[combo.key] ?? (combo.key.length === 1 ? combo.key.toUpperCase() : combo.key),
  );
  return parts;
}

/** Keys typed into a field belong to the field, not to the shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  // A checkbox or button has nothing to type into; letters there are fine as shortcuts.
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type);
}
