/** A webhook as carried by an export file and read back by an import. */
export interface PortableWebhook {
  receivedAt: string;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string without `?` ('' when none). */
  query: string;
  headers: Record<string, string | string[]>;
  /** Raw body bytes. */
  body: Uint8Array;
  /** What LiveHook answered, when known. */
  answerStatus?: number;
  /** Original LiveHook id, when the file came from LiveHook. */
  id?: string;
}

export type ExportFormat = 'har' | 'ndjson' | 'curl';
export type ImportFormat = 'har' | 'ndjson';
