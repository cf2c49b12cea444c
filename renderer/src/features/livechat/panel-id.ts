/** The LiveChat panel's DOM id, for the header button's aria-controls. */
export const LIVECHAT_PANEL_ID = 'livechat-panel';
