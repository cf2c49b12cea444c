export interface DecodedBody {
  bytes: number;
  text: string;
}

/**
 * The raw body bytes as text. `fatal: false` turns invalid UTF-8 into U+FFFD instead of failing: a developer wants to
 * see what arrived, however broken.
 */
export function decodeBody(base64: string): DecodedBody {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { bytes: bytes.length, text: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
}
