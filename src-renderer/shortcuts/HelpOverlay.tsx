import { useEffect, useRef } from 'react';
import { useGcsStore } from '../state/GcsContext';
import { selectors } from '../state/selectors';
import { formatCombo } from './keys';
import { SHORTCUTS } from './registry';
import type { ShortcutGroup } from './types';

const GROUPS: readonly ShortcutGroup[] = ['Selection', 'Map', 'View', 'Replay'];

/** The keyboard shortcuts, listed from the registry the key handler uses. `?` or Esc closes it. */
export function HelpOverlay() {
  const open = useGcsStore(selectors.helpOpen);
  const setHelpOpen = useGcsStore(selectors.setHelpOpen);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);

  if (!open) return null;
  return (
    <div className="overlay" onClick={() => setHelpOpen(false)}>
      <div
        className="overlay__dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        data-testid="help-overlay"
        onClick={(event) => event.stopPropagation()}
      >
        <header className="overlay__header">
          <h2 id="help-title" className="panel__title">
            Keyboard shortcuts
          </h2>
          <button
            ref={closeRef}
            type="button"
            className="button button--small"
            onClick={() => setHelpOpen(false)}
            aria-label="Close"
          >
            Esc
          </button>
        </header>
        <div className="help-groups">
          {GROUPS.map((group) => (
            <section key={group} className="help-group">
              <h3 className="panel__label">{group}</h3>
              <dl>
                {SHORTCUTS.filter((s) => s.group === group).map((s) => (
                  <div key={s.id} className="help-row" data-shortcut={s.id}>
                    <dt>
                      {s.keys.map((combo, i) => (
                        <span key={combo} className="help-combo">
                          {i > 0 && <span className="dim"> or </span>}
                          {formatCombo(combo).map((part, j) => (
                            <kbd key={j}>{part}</kbd>
                          ))}
                        </span>
                      ))}
                    </dt>
                    <dd>{s.label}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="panel__note">Shortcuts are ignored while typing in a field.</p>
      </div>
    </div>
  );
}
