import { useEffect } from 'react';
import type { AppStore } from '../../state/create-app-store';
import { copyOpenWebhookAsCurl } from '../detail/copy-curl';
import { SEARCH_INPUT_ID } from '../filter-bar/filter-bar';

/** True while the user types: letters then belong to the field, not to the shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return false;
}

/** Buttons and links act on Enter and Space themselves. */
function isActivatable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a[href], summary, [role="button"], [role="tab"]') !== null;
}

function selectedSummary(store: AppStore) {
  const s = store.getState();
  if (s.selectedId === undefined) return undefined;
  if (s.detail.status === 'loaded' && s.detail.id === s.selectedId) return s.detail.webhook;
  return s.events.find((e) => e.id === s.selectedId);
}

/** Handles one keydown; returns true when it was a shortcut (the caller then prevents the default). */
export function handleShortcut(store: AppStore, e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return false;
  const s = store.getState();
  if (isTypingTarget(e.target)) {
    // Esc leaves the field (so j/k work again) without clearing it.
    if (e.key === 'Escape' && e.target instanceof HTMLElement) {
      e.target.blur();
      return true;
    }
    return false;
  }
  if (s.shortcutsOpen && e.key !== '?' && e.key !== 'Escape') return false;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      s.selectRelative(1);
      return true;
    case 'k':
    case 'ArrowUp':
      s.selectRelative(-1);
      return true;
    case '/': {
      const input = document.getElementById(SEARCH_INPUT_ID);
      if (!(input instanceof HTMLInputElement)) return false;
      input.focus();
      input.select();
      return true;
    }
    case 'Enter':
      if (isActivatable(e.target)) return false;
      if (s.selectedId === undefined) s.selectEdge('first');
      if (s.view.kind !== 'list') s.goBack();
      return true;
    case 'x':
      if (s.selectedId === undefined) return false;
      s.toggleMark(s.selectedId);
      return true;
    case 'd':
      if (!s.diffMarked()) s.setInspectorNotice(`Mark two webhooks with x first (${s.marked.length} marked).`);
      return true;
    case 'c':
      void copyOpenWebhookAsCurl(store);
      return true;
    case 'p': {
      const summary = selectedSummary(store);
      if (summary === undefined) return false;
      void s.pin(summary.id, summary.pinned !== true);
      return true;
    }
    case 't': {
      const summary = selectedSummary(store);
      if (summary?.chatId === undefined) return false;
      void s.openChat(summary.chatId);
      return true;
    }
    case 'Escape':
      s.goBack();
      return true;
    case '?':
      s.setShortcutsOpen(!s.shortcutsOpen);
      return true;
    default:
      return false;
  }
}

/** The inspector's keyboard: one listener on the window for the app's lifetime. */
export function useShortcuts(store: AppStore): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (handleShortcut(store, e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
