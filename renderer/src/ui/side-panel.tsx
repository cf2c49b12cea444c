import type { KeyboardEvent, ReactNode } from 'react';

/**
 * The header-opened panels (Tunnel, LiveChat, Trigger, Forwarding) share one shell and one toggle, so they all close
 * the same way: the Close button or Escape, with focus handed back to the header button that opened the panel
 * (found by `aria-controls`, which `PanelToggle` sets while the panel is open).
 */
export interface SidePanelProps {
  /** The element id the header toggle points at with `aria-controls`. */
  id: string;
  /** Accessible name of the region, e.g. "Tunnel". */
  label: string;
  /** The visible heading; the label when not given. */
  title?: ReactNode;
  /** Accessible name of the Close button, e.g. "Close tunnel panel". */
  closeLabel: string;
  onClose(): void;
  /** The panel's own classes, added to the shared frame's `tunnel-panel`. */
  className?: string;
  /** Controls between the title and the Close button (badges, mode switches). */
  headExtra?: ReactNode;
  children: ReactNode;
}

export function SidePanel({ id, label, title, closeLabel, onClose, className, headExtra, children }: SidePanelProps) {
  function close(): void {
    // Focus would fall to the page with the panel gone: hand it back to the button that opened it.
    document.querySelector<HTMLElement>(`[aria-controls="${id}"]`)?.focus();
    onClose();
  }

  function onKeyDown(e: KeyboardEvent<HTMLElement>): void {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    close();
  }

  return (
    <section id={id} className={className ? `tunnel-panel ${className}` : 'tunnel-panel'} aria-label={label} onKeyDown={onKeyDown}>
      <div className="tunnel-panel-head">
        <h2 className="tunnel-panel-title">{title ?? label}</h2>
        {headExtra}
        <span className="header-spacer" />
        <button type="button" className="button button-small" aria-label={closeLabel} onClick={close}>
          Close
        </button>
      </div>
      {children}
    </section>
  );
}

export interface PanelToggleProps {
  /** The id of the panel this button opens (see `SidePanel`). */
  panelId: string;
  open: boolean;
  onToggle(): void;
  title?: string;
  children: ReactNode;
}

/** The header button that opens and closes a `SidePanel`. */
export function PanelToggle({ panelId, open, onToggle, title, children }: PanelToggleProps) {
  return (
    <button
      type="button"
      className={`button button-small${open ? ' button-on' : ''}`}
      aria-expanded={open}
      aria-controls={open ? panelId : undefined}
      title={title}
      onClick={() => onToggle()}
    >
      {children}
    </button>
  );
}
