/**
 * Saves text as a file through an <a download> on a Blob URL: works in Electron and in a plain browser, needs no
 * file system access, and the URL is released once the click has been handled.
 */
export function saveTextFile(text: string, fileName: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** HAR or NDJSON, from the file name first, else from the first character (a HAR file is one JSON object). */
export function importFormatOf(fileName: string, text: string): 'har' | 'ndjson' {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.har')) return 'har';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  return /^\s*\{\s*"log"\s*:/.test(text.slice(0, 200)) ? 'har' : 'ndjson';
}
