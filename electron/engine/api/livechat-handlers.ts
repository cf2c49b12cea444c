import type { LiveChatMethodName } from '@shared/api/domains/livechat';
import type { LiveChatParts } from '../livechat/create-livechat';
import type { Handlers } from './dispatch';

/** One handler per method of the LiveChat domain. */
export type LiveChatHandlers = Pick<Handlers, LiveChatMethodName>;

export function livechatHandlers(lc: LiveChatParts): LiveChatHandlers {
  const { auth, registrations } = lc;
  return {
    'livechat.status': () => auth.status(),
    'livechat.signIn': (params) => auth.signIn(params),
    'livechat.cancelSignIn': () => auth.cancelSignIn(),
    'livechat.signOut': async () => {
      const { revoked } = await auth.signOut();
      return { ...auth.status(), revoked };
    },
    'livechat.configure': (params) => lc.configure(params),
    'livechat.diagnostics': () => lc.diagnostics(),
    'webhooks.names': ({ version }) => registrations.names(version),
    'webhooks.list': () => registrations.list(),
    'webhooks.register': (params) => registrations.register(params),
    'webhooks.unregister': ({ ids }) => registrations.unregister(ids),
    'webhooks.restore': () => registrations.restore(),
    'webhooks.cleanup': () => registrations.cleanup(),
    'webhooks.licenseState': () => registrations.licenseState(),
    'webhooks.enableLicense': () => registrations.setLicenseWebhooks(true),
    'webhooks.disableLicense': () => registrations.setLicenseWebhooks(false),
  };
}
