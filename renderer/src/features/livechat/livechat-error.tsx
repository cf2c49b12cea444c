import { useAppStore } from '../../state/store-context';

/** The last sign-in-side failure: a refused call, or the engine's `lastError`, in plain words. */
export function LiveChatError() {
  const callError = useAppStore((s) => s.livechatError);
  const lastError = useAppStore((s) => s.livechat?.lastError?.message);
  const message = callError ?? lastError;
  if (message === undefined) return null;
  return (
    <p className="form-error livechat-error" role="alert" aria-label="LiveChat error">
      {message}
    </p>
  );
}
