import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { isApiError } from '../api/problem';
import { completeOidcSignIn, OidcError } from '../auth/auth-mode';
import { homeOf } from '../auth/roles';
import { useSession } from '../auth/session';
import { Loading } from '../components/feedback';
import { LanguageSwitch } from '../components/LanguageSwitch';

/**
 * Where the identity provider sends the browser back (/auth/callback): the code is exchanged
 * for an access token, the API is asked who that is, and the person lands where they were
 * going. A refusal or an error from the provider is explained, with a way to try again.
 */
export function OidcCallbackPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const started = useRef(false);
  const [failure, setFailure] = useState<{ reason: string; detail: string } | null>(null);

  useEffect(() => {
    document.title = `${t('signIn.title')} · Gevinst`;
  }, [t]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    (async () => {
      try {
        const { accessToken, from } = await completeOidcSignIn(new URL(window.location.href));
        try {
          const me = await session.signInWithToken(accessToken);
          navigate(from && from !== '/sign-in' ? from : homeOf(me), { replace: true });
        } catch (e) {
          setFailure({ reason: 'refused', detail: isApiError(e) ? (e.problem.detail ?? e.message) : String(e) });
        }
      } catch (e) {
        setFailure(e instanceof OidcError ? { reason: e.reason, detail: e.code ? `${e.message} (${e.code})` : e.message } : { reason: 'token', detail: String(e) });
      }
    })();
  }, [session, navigate]);

  return (
    <div className="sign-in-page">
      <header className="sign-in-header">
        <p className="app-name">{t('app.name')}</p>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1} className="sign-in-main">
        <h1>{t('oidc.title')}</h1>
        {failure ? (
          <div className="banner banner-error" role="alert" data-testid="oidc-error">
            <p className="banner-title">{t(`oidc.failed.${failure.reason}`, { defaultValue: t('oidc.failed.token') })}</p>
            <p className="banner-detail">
              {t('oidc.providerSaid')} <span lang="en">{failure.detail}</span>
            </p>
            <p>
              <Link to="/sign-in">{t('oidc.tryAgain')}</Link>
            </p>
          </div>
        ) : (
          <Loading label={t('oidc.completing')} />
        )}
      </main>
    </div>
  );
}
