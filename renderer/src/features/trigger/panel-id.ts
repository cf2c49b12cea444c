/** The Trigger panel's DOM id, for the header button's aria-controls. */
export const TRIGGER_PANEL_ID = 'trigger-panel';
