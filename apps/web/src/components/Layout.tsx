import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { navigationFor } from '../auth/roles';
import { useIdentity, useSession } from '../auth/session';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame of every signed-in page: skip link, header, role-based navigation, main. */
export function Layout() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const { signOut } = useSession();
  const items = navigationFor(identity);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <p className="app-name">
            <NavLink to="/">{t('app.name')}</NavLink>
            <span className="app-tagline">{t('app.tagline')}</span>
          </p>
          <div className="app-user">
            <p className="app-user-name" data-testid="signed-in-as">
              {identity.name ?? identity.id}
              <span className="app-user-role">{t(`role.${identity.role}`)}</span>
            </p>
            <LanguageSwitch />
            <button type="button" className="button-secondary button-small" onClick={signOut}>
              {t('layout.signOut')}
            </button>
          </div>
        </div>
        <nav aria-label={t('layout.mainNavigation')} className="app-nav">
          <ul>
            {items.map((item) => (
              <li key={`${item.to}-${item.label}`}>
                <NavLink to={item.to} end={item.to === '/cases'}>
                  {t(item.label)}
                  {item.department && <span className="nav-department"> ({item.department})</span>}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="app-footer">
        <p>{t('layout.footer')}</p>
      </footer>
    </>
  );
}

let firstPage = true;

/**
 * The page's h1. After a client-side navigation it takes focus, so that keyboard and screen
 * reader users land on the new page's title instead of staying on the old link.
 */
export function PageHeading({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus();
  }, [location.pathname]);
  useEffect(() => {
    if (typeof children === 'string') document.title = `${children} · Gevinst`;
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
