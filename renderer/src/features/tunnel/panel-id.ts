/** The tunnel panel's element id, for the header toggle's aria-controls. */
export const TUNNEL_PANEL_ID = 'tunnel-panel';
