/** Writes text to the clipboard, or fails with a message a developer can act on. */
export async function copyToClipboard(text: string): Promise<void> {
  if (typeof navigator === 'undefined' || !navigator.clipboard) {
    throw new Error('The clipboard is not available in this window.');
  }
  await navigator.clipboard.writeText(text);
}
