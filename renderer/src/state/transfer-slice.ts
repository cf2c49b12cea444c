import type { TransferSlice } from './app-state';
import type { SliceKit } from './slice-kit';

/**
 * Export and import. An export is built by the engine as a job (progress pushes, cancellable) and read back in
 * chunks, so a 100,000-webhook HAR never travels as one message; the caller turns the text into a download.
 */
export function createTransferSlice({ client, set, get }: SliceKit): TransferSlice {
  let jobCounter = 0;
  // Set when the user cancels while chunks are being read back (the engine's job has finished by then).
  let cancelledJob: string | undefined;

  return {
    exportJob: undefined,
    importing: false,
    importResult: undefined,

    async runExport(format, scope, includeSecrets) {
      if (get().exportJob !== undefined) return undefined;
      const jobId = `export-${Date.now().toString(36)}-${++jobCounter}`;
      const { marked, appliedQuery } = get();
      const what = scope === 'marked' ? { ids: [...marked] } : { query: appliedQuery };
      set({ exportJob: { jobId, format, done: 0, total: scope === 'marked' ? marked.length : 0, phase: 'building' } });
      try {
        const result = await client.call('events.export', { jobId, format, includeSecrets, ...what });
        if (result.cancelled || cancelledJob === jobId) return undefined;
        set((s) => (s.exportJob?.jobId === jobId ? { exportJob: { ...s.exportJob, phase: 'reading' } } : {}));
        const parts: string[] = [];
        for (let index = 0; index < result.chunks; index++) {
          const chunk = await client.call('events.exportChunk', { jobId, index });
          if (cancelledJob === jobId) return undefined;
          parts.push(chunk.text);
          if (chunk.last) break;
        }
        return { fileName: result.fileName, mimeType: result.mimeType, text: parts.join(''), count: result.count };
      } catch (err) {
        get().reportError('Exporting webhooks', err);
        return undefined;
      } finally {
        set((s) => (s.exportJob?.jobId === jobId ? { exportJob: undefined } : {}));
      }
    },

    async cancelExport() {
      const job = get().exportJob;
      if (job === undefined) return;
      cancelledJob = job.jobId;
      try {
        await client.call('events.cancelJob', { jobId: job.jobId });
      } catch (err) {
        get().reportError('Cancelling the export', err);
      }
    },

    async importText(format, text) {
      set({ importing: true, importResult: undefined });
      try {
        const result = await client.call('events.import', { format, text });
        set({ importResult: result });
        // Imported webhooks are history like any other: show them with the current filter.
        await Promise.all([get().reloadEvents(), get().refreshReceiver()]);
        return result;
      } catch (err) {
        get().reportError('Importing webhooks', err);
        return undefined;
      } finally {
        set({ importing: false });
      }
    },

    dismissImportResult() {
      set({ importResult: undefined });
    },

    applyJobProgress({ jobId, done, total }) {
      set((s) => (s.exportJob?.jobId === jobId ? { exportJob: { ...s.exportJob, done, total } } : {}));
    },
  };
}
