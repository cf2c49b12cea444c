/** Every keyboard shortcut, as the `?` overlay lists them. The handler in use-shortcuts.ts follows this table. */
export const SHORTCUTS: ReadonlyArray<{ keys: readonly string[]; does: string }> = [
  { keys: ['j', '↓'], does: 'Next (older) webhook' },
  { keys: ['k', '↑'], does: 'Previous (newer) webhook' },
  { keys: ['/'], does: 'Focus the filter' },
  { keys: ['Enter'], does: 'Open the selected webhook' },
  { keys: ['x'], does: 'Mark or unmark the selected webhook' },
  { keys: ['d'], does: 'Diff the two marked webhooks' },
  { keys: ['c'], does: 'Copy the open webhook as a cURL command' },
  { keys: ['p'], does: 'Pin or unpin the selected webhook' },
  { keys: ['t'], does: 'Chat timeline of the selected webhook' },
  { keys: ['Esc'], does: 'Back; then clear the marks, then the selection' },
  { keys: ['?'], does: 'Show or hide this list' },
];
