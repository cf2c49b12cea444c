export type { ExportFormat, ImportFormat, PortableWebhook } from './types';
export { fromBase64, toBase64, tryUtf8Decode, utf8Decode, utf8Encode } from './bytes';
export { REDACTED, SECRET_HEADERS, redactHeaders, redactSecretKey } from './redact';
export { harEnd, harEntry, harStart, validateHar } from './har';
export { ndjsonLine } from './ndjson';
export { curlCommand, shellQuote } from './curl';
export { detectImportFormat, parseImport, type ImportResult } from './import';
export { HOP_BY_HOP_HEADERS, exportFileName, exportMimeType, headerValue } from './names';
