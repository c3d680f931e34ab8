import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  formatCombo,
  isTypingTarget,
  matchesCombo,
  parseCombo,
} from '../../../src-renderer/shortcuts/keys';

/** Only the fields matchesCombo reads; the unit project runs in Node, which has no KeyboardEvent. */
function key(
  k: string,
  mods: { shift?: boolean; ctrl?: boolean; meta?: boolean; alt?: boolean } = {},
): KeyboardEvent {
  return {
    key: k,
    shiftKey: mods.shift ?? false,
    ctrlKey: mods.ctrl ?? false,
    metaKey: mods.meta ?? false,
    altKey: mods.alt ?? false,
  } as KeyboardEvent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('parseCombo', () => {
  it('splits modifiers from the key, case-insensitively', () => {
    expect(parseCombo('Mod+Shift+l')).toEqual({ key: 'l', shift: true, mod: true, alt: false });
    expect(parseCombo('alt+g')).toEqual({ key: 'g', shift: false, mod: false, alt: true });
  });

  it('reads ctrl and cmd as the platform modifier', () => {
    expect(parseCombo('ctrl+k').mod).toBe(true);
    expect(parseCombo('cmd+k').mod).toBe(true);
  });

  it('names Escape however it is written', () => {
    expect(parseCombo('esc').key).toBe('Escape');
    expect(parseCombo('ESC').key).toBe('Escape');
    expect(parseCombo('Escape').key).toBe('Escape');
  });

  it('takes "+" as the key itself', () => {
    expect(parseCombo('+')).toEqual({ key: '+', shift: false, mod: false, alt: false });
    expect(parseCombo('shift++')).toEqual({ key: '+', shift: true, mod: false, alt: false });
    expect(parseCombo('mod++')).toMatchObject({ key: '+', mod: true, shift: false });
  });
});

describe('matchesCombo', () => {
  it('matches a bare letter only without modifiers, in either case', () => {
    expect(matchesCombo(key('t'), 't')).toBe(true);
    expect(matchesCombo(key('t', { ctrl: true }), 't')).toBe(false);
    expect(matchesCombo(key('t', { alt: true }), 't')).toBe(false);
    expect(matchesCombo(key('t', { shift: true }), 't')).toBe(false);
    expect(matchesCombo(key('r'), 't')).toBe(false);
  });

  it('shift+t wants shift, and the capital that shift produces', () => {
    expect(matchesCombo(key('T', { shift: true }), 'shift+t')).toBe(true);
    expect(matchesCombo(key('t'), 'shift+t')).toBe(false);
  });

  it('a capital typed with caps lock (no shift) is the plain letter, not shift+letter', () => {
    expect(matchesCombo(key('T'), 't')).toBe(true);
    expect(matchesCombo(key('T'), 'shift+t')).toBe(false);
  });

  it('mod is satisfied by ctrl or by meta, and required', () => {
    expect(matchesCombo(key('l', { ctrl: true, shift: true }), 'mod+shift+l')).toBe(true);
    expect(matchesCombo(key('L', { meta: true, shift: true }), 'mod+shift+l')).toBe(true);
    expect(matchesCombo(key('L', { shift: true }), 'mod+shift+l')).toBe(false);
    expect(matchesCombo(key('l', { ctrl: true }), 'mod+shift+l')).toBe(false);
  });

  it('alt must match both ways', () => {
    expect(matchesCombo(key('g', { alt: true }), 'alt+g')).toBe(true);
    expect(matchesCombo(key('g'), 'alt+g')).toBe(false);
  });

  it('a symbol that itself needs shift ("?") matches with or without shift held', () => {
    expect(matchesCombo(key('?', { shift: true }), '?')).toBe(true);
    expect(matchesCombo(key('?'), '?')).toBe(true);
    expect(matchesCombo(key('/'), '?')).toBe(false);
    expect(matchesCombo(key('?', { ctrl: true, shift: true }), '?')).toBe(false);
  });

  it('brackets match exactly', () => {
    expect(matchesCombo(key(']'), ']')).toBe(true);
    expect(matchesCombo(key('['), ']')).toBe(false);
    expect(matchesCombo(key('['), '[')).toBe(true);
    expect(matchesCombo(key('}', { shift: true }), ']')).toBe(false);
  });

  it('"+" as a key matches the "+" character', () => {
    expect(matchesCombo(key('+', { shift: true }), 'shift++')).toBe(true);
    expect(matchesCombo(key('='), 'shift++')).toBe(false);
  });

  it('named keys check shift too', () => {
    expect(matchesCombo(key('Escape'), 'esc')).toBe(true);
    expect(matchesCombo(key('Escape', { shift: true }), 'esc')).toBe(false);
    expect(matchesCombo(key('Escape', { shift: true }), 'shift+Escape')).toBe(true);
    expect(matchesCombo(key('Enter'), 'esc')).toBe(false);
  });
});

describe('formatCombo', () => {
  it('spells modifiers out on Windows and Linux', () => {
    vi.stubGlobal('navigator', { platform: 'Linux x86_64' });
    expect(formatCombo('mod+shift+l')).toEqual(['Ctrl', 'Shift', 'L']);
    expect(formatCombo('alt+g')).toEqual(['Alt', 'G']);
  });

  it('uses the Mac symbols on a Mac', () => {
    vi.stubGlobal('navigator', { platform: 'MacIntel' });
    expect(formatCombo('mod+shift+l')).toEqual(['⌘', 'Shift', 'L']);
    expect(formatCombo('alt+g')).toEqual(['⌥', 'G']);
  });

  it('shortens Escape and keeps symbols as they are', () => {
    vi.stubGlobal('navigator', { platform: 'Win32' });
    expect(formatCombo('esc')).toEqual(['Esc']);
    expect(formatCombo('?')).toEqual(['?']);
    expect(formatCombo(']')).toEqual([']']);
    expect(formatCombo('shift+t')).toEqual(['Shift', 'T']);
  });
});

describe('isTypingTarget', () => {
  // isTypingTarget tells elements apart with `instanceof HTMLElement`, which Node lacks: a
  // stand-in class lets plain objects pass that check without a DOM implementation.
  class FakeHTMLElement {
    isContentEditable = false;
    type = '';
    constructor(readonly tagName: string) {}
  }

  beforeEach(() => {
    vi.stubGlobal('HTMLElement', FakeHTMLElement);
  });

  function element(tagName: string, over: Partial<FakeHTMLElement> = {}): EventTarget {
    return Object.assign(new FakeHTMLElement(tagName), over) as unknown as EventTarget;
  }

  it('is false without a target, or for a target that is not an element', () => {
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' } as unknown as EventTarget)).toBe(
      false,
    );
  });

  it.each(['text', 'search', 'number', 'email', 'password', 'url', 'tel'])(
    'is true for <input type=%s>',
    (type) => {
      expect(isTypingTarget(element('INPUT', { type }))).toBe(true);
    },
  );

  it.each(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'])(
    'is false for <input type=%s>, which has nothing to type into',
    (type) => {
      expect(isTypingTarget(element('INPUT', { type }))).toBe(false);
    },
  );

  it('is true for textarea and select', () => {
    expect(isTypingTarget(element('TEXTAREA'))).toBe(true);
    expect(isTypingTarget(element('SELECT'))).toBe(true);
  });

  it('is true for any contentEditable element, false for other elements', () => {
    expect(isTypingTarget(element('DIV', { isContentEditable: true }))).toBe(true);
    expect(isTypingTarget(element('DIV'))).toBe(false);
    expect(isTypingTarget(element('BUTTON'))).toBe(false);
  });
});
