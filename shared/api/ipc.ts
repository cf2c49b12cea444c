/**
 * The three Electron IPC channels that carry the whole contract. Method and push names travel inside the envelopes;
 * no per-method channel exists anywhere.
 */
export const IPC_CALL = 'livehook:call';
export const IPC_PUSH = 'livehook:push';
export const IPC_READY = 'livehook:ready';

/** The WebSocket path of the headless control server and the subprotocols it speaks. */
export const WS_PATH = '/api/ws';
export const WS_PROTOCOL = 'livehook.v1';
/** Browsers cannot set headers on a WebSocket, so the token rides in a second subprotocol: `livehook.token.<token>`. */
export const WS_TOKEN_PROTOCOL_PREFIX = 'livehook.token.';
