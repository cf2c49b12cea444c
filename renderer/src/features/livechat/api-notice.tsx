import { useAppStore } from '../../state/store-context';

/** LiveChat answered with a `Legacy` / `Deprecation` header: the API version LiveHook uses is being retired. */
export function ApiNotice() {
  const notice = useAppStore((s) => s.livechat?.apiNotice ?? undefined);
  if (notice === undefined) return null;
  return (
    <p className="notice" role="note" aria-label="LiveChat API notice">
      LiveChat marked the API version LiveHook uses as {notice.deprecation !== null ? 'deprecated' : 'legacy'} (in the
      answer to {notice.method}
      {notice.deprecation !== null ? `; Deprecation: ${notice.deprecation}` : ''}
      {notice.legacy !== null ? `; Legacy: ${notice.legacy}` : ''}).
    </p>
  );
}
