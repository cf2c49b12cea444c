/** Largest piece of an export handed over in one `events.exportChunk` call (UTF-16 code units). */
export const CHUNK_CHARS = 1024 * 1024;

/**
 * An export's text kept as chunks of at most CHUNK_CHARS, so no single string (and no single IPC or WebSocket
 * message) grows with the export, and joining never copies the whole output.
 */
export class ChunkedText {
  readonly chunks: string[] = [];
  private parts: string[] = [];
  private partChars = 0;
  /** UTF-8 size of everything written. */
  bytes = 0;

  write(text: string): void {
    this.bytes += Buffer.byteLength(text, 'utf8');
    let rest = text;
    while (rest.length > 0) {
      const room = CHUNK_CHARS - this.partChars;
      if (rest.length <= room) {
        this.parts.push(rest);
        this.partChars += rest.length;
        break;
      }
      // Never split a surrogate pair across two chunks: each chunk must be valid text on its own.
      let cut = room;
      const code = rest.charCodeAt(cut - 1);
      if (cut > 1 && code >= 0xd800 && code <= 0xdbff) cut--;
      this.parts.push(rest.slice(0, cut));
      this.partChars += cut;
      this.seal();
      rest = rest.slice(cut);
    }
    if (this.partChars >= CHUNK_CHARS) this.seal();
  }

  /** Seals the last partial chunk; call once, when done writing. */
  finish(): string[] {
    if (this.partChars > 0 || this.chunks.length === 0) this.seal();
    return this.chunks;
  }

  private seal(): void {
    this.chunks.push(this.parts.join(''));
    this.parts = [];
    this.partChars = 0;
  }
}
