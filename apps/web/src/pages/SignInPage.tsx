import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useCapabilities } from '../api/capabilities';
import { api } from '../api/client';
import { isApiError, type ApiError } from '../api/problem';
import { loadAuthConfig, OidcError, startOidcSignIn, type AuthConfig } from '../auth/auth-mode';
import { homeOf, type Identity, type Role } from '../auth/roles';
import { useSession } from '../auth/session';
import { ErrorBanner, Loading } from '../components/feedback';
import { LanguageSwitch } from '../components/LanguageSwitch';

interface DevIdentity extends Identity {
  name: string;
}

const ROLE_ORDER: Role[] = ['finance', 'management', 'department-head', 'case-author', 'auditor', 'admin'];

/**
 * Sign-in. In the embedded default it lists the named dev identities; choosing one asks the API
 * for a token. In production (OIDC) this is where the identity provider takes over (see the
 * OIDC HOOK in auth/auth-mode.ts).
 */
export function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [identities, setIdentities] = useState<DevIdentity[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [oidcFailure, setOidcFailure] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('signIn.title')} · Gevinst`;
  }, [t]);

  const capabilities = useCapabilities();
  useEffect(() => {
    if (capabilities.state === 'loading') return;
    let live = true;
    loadAuthConfig(capabilities.state === 'ready' ? capabilities.has : null).then((c) => {
      if (!live) return;
      setConfig(c);
      if (c.mode === 'dev') {
        api
          .get<DevIdentity[]>('/api/auth/dev/identities', { anonymous: true })
          .then((list) => live && setIdentities(list))
          .catch((e: unknown) => live && isApiError(e) && setError(e));
      }
    });
    return () => {
      live = false;
    };
  }, [capabilities]);

  if (session.state === 'signed-in' && session.identity && !busy) return <Navigate to={homeOf(session.identity)} replace />;

  const from = (location.state as { from?: string } | null)?.from;

  const signIn = async (identity: DevIdentity) => {
    setBusy(identity.id);
    setError(null);
    try {
      const { token } = await api.post<{ token: string }>('/api/auth/dev/token', { identity: identity.id }, { anonymous: true });
      const me = await session.signInWithToken(token);
      navigate(from && from !== '/sign-in' ? from : homeOf(me), { replace: true });
    } catch (e) {
      if (isApiError(e)) setError(e);
      setBusy(null);
    }
  };

  const groups = ROLE_ORDER.map((role) => ({ role, people: (identities ?? []).filter((i) => i.role === role) })).filter((g) => g.people.length);

  return (
    <div className="sign-in-page">
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header className="sign-in-header">
        <p className="app-name">{t('app.name')}</p>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1} className="sign-in-main">
        <h1>{t('signIn.title')}</h1>
        <p className="lead">{t('app.tagline')}</p>
        {session.expired && (
          <p className="notice" role="status">
            {t('signIn.expired')}
          </p>
        )}
        <ErrorBanner error={error} />
        {config === null && <Loading />}
        {config?.mode === 'oidc' && (
          <section aria-labelledby="oidc-title">
            <h2 id="oidc-title">{t('signIn.oidcTitle')}</h2>
            <p>{t('signIn.oidcBody')}</p>
            {config.issuer && config.clientId ? (
              <button
                type="button"
                disabled={busy !== null}
                onClick={() => {
                  setBusy('oidc');
                  setOidcFailure(null);
                  startOidcSignIn(config, from ?? null).catch((e: unknown) => {
                    setOidcFailure(e instanceof OidcError ? e.message : String(e));
                    setBusy(null);
                  });
                }}
              >
                {t('signIn.oidcButton')}
              </button>
            ) : (
              <p className="notice">{t('signIn.oidcNotConfigured')}</p>
            )}
            {busy === 'oidc' && <Loading label={t('signIn.redirecting')} />}
            {oidcFailure && (
              <div className="banner banner-error" role="alert">
                <p className="banner-title">{t('oidc.failed.discovery')}</p>
                <p className="banner-detail"><span lang="en">{oidcFailure}</span></p>
              </div>
            )}
          </section>
        )}
        {config?.mode === 'unknown' && <p role="alert">{t('signIn.unreachable')}</p>}
        {config?.mode === 'dev' && (
          <section aria-labelledby="dev-title">
            <h2 id="dev-title">{t('signIn.devTitle')}</h2>
            <p>{t('signIn.devBody')}</p>
            {identities === null && !error && <Loading />}
            {groups.map((group) => (
              <section key={group.role} className="identity-group" aria-labelledby={`role-${group.role}`}>
                <h3 id={`role-${group.role}`}>{t(`role.${group.role}`)}</h3>
                <ul className="identity-list">
                  {group.people.map((person) => (
                    <li key={person.id}>
                      <button type="button" className="identity-button" onClick={() => void signIn(person)} disabled={busy !== null} aria-describedby={`who-${person.id}`}>
                        {t('signIn.as', { name: person.name })}
                      </button>
                      <span id={`who-${person.id}`} className="identity-meta">
                        {person.id}
                        {person.departments.length > 0 && ` · ${t('signIn.departments', { departments: person.departments.join(', ') })}`}
                      </span>
                      {busy === person.id && <span role="status"> {t('signIn.signingIn')}</span>}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </section>
        )}
      </main>
    </div>
  );
}
