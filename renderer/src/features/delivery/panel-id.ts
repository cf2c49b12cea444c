/** The delivery panel's element id, for the header toggle's aria-controls. */
export const DELIVERY_PANEL_ID = 'delivery-panel';
