import { OAuthSignIn } from './oauth-sign-in';
import { PatSignIn } from './pat-sign-in';
import { SandboxSignIn } from './sandbox-sign-in';

/** Signed out: three ways in. */
export function SignInOptions() {
  return (
    <div className="livechat-sign-in-options">
      <OAuthSignIn />
      <PatSignIn />
      <SandboxSignIn />
    </div>
  );
}
