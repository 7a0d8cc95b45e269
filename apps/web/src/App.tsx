import { createElement, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { CapabilitiesProvider, useCapabilities } from './api/capabilities';
import { prefetch } from './api/use-resource';
import { homeOf, READ_ALL, type Role } from './auth/roles';
import { SessionProvider, useSession } from './auth/session';
import { Loading } from './components/feedback';
import { Layout, PageHeading } from './components/Layout';
import { OidcCallbackPage } from './pages/OidcCallbackPage';
import { SignInPage } from './pages/SignInPage';

// Pages load on demand: the sign-in page and the frame stay small, Chart.js comes with the pages
// that draw. The page a URL opens is fetched at start-up, in parallel with the session check
// and the API's OpenAPI document; once loaded it renders without suspending (React holds a
// revealed Suspense boundary back ~300 ms, which would delay the page's own requests).
function lazyPage(loader: () => Promise<{ default: ComponentType }>): ComponentType & { preload(): Promise<unknown> } {
  let loaded: ComponentType | null = null;
  let pending: Promise<{ default: ComponentType }> | null = null;
  const load = () =>
    (pending ??= loader().then((m) => {
      loaded = m.default;
      return m;
    }));
  const Lazy = lazy(load);
  const Page = () => (loaded ? createElement(loaded) : <Lazy />);
  return Object.assign(Page, { preload: load });
}

const PortfolioPage = lazyPage(() => import('./pages/PortfolioPage'));
const CasesPage = lazyPage(() => import('./pages/CasesPage'));
const CaseDetailPage = lazyPage(() => import('./pages/CaseDetailPage'));
const CaseFormPage = lazyPage(() => import('./pages/CaseFormPage'));
const HarvestPlanPage = lazyPage(() => import('./pages/HarvestPlanPage'));
const DepartmentsPage = lazyPage(() => import('./pages/DepartmentsPage'));
const DepartmentPage = lazyPage(() => import('./pages/DepartmentPage'));
const AuditPage = lazyPage(() => import('./pages/AuditPage'));
const AtApprovalPage = lazyPage(() => import('./pages/AtApprovalPage'));
const WhatIfPage = lazyPage(() => import('./pages/WhatIfPage'));
const loaders = {
  portfolio: PortfolioPage.preload,
  cases: CasesPage.preload,
  caseDetail: CaseDetailPage.preload,
  caseForm: CaseFormPage.preload,
  harvestPlan: HarvestPlanPage.preload,
  departments: DepartmentsPage.preload,
  department: DepartmentPage.preload,
  audit: AuditPage.preload,
  atApproval: AtApprovalPage.preload,
  whatIf: WhatIfPage.preload,
};

function preloadFor(pathname: string): void {
  const [first, second, third] = pathname.split('/').filter(Boolean);
  const loader =
    first === 'portfolio' ? loaders.portfolio
    : first === 'cases' ? (!second ? loaders.cases : second === 'new' || third === 'revise' ? loaders.caseForm : loaders.caseDetail)
    : first === 'harvest-plan' ? loaders.harvestPlan
    : first === 'departments' ? (second ? loaders.department : loaders.departments)
    : first === 'audit' ? (second === 'what-if' ? loaders.whatIf : loaders.audit)
    : first === 'budget-cuts' ? loaders.atApproval
    : null;
  void loader?.().catch(() => undefined);
  // The portfolio's figures are asked for at once, in parallel with its code and the API's
  // OpenAPI document (a signed-in tab only; the page takes the answers, see use-resource.ts).
  let signedIn = false;
  try {
    signedIn = !!sessionStorage.getItem('gevinst.token');
  } catch {
    // storage blocked: no prefetch
  }
  if (first === 'portfolio' && signedIn) {
    for (const url of ['/api/business-cases', '/api/ledger/summary', '/api/realisation/portfolio']) prefetch(url);
  }
}
preloadFor(window.location.pathname);

export function App() {
  return (
    <SessionProvider>
      <CapabilitiesProvider>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/auth/callback" element={<OidcCallbackPage />} />
          <Route
            element={
              <RequireSession>
                <Layout />
              </RequireSession>
            }
          >
            <Route index element={<Home />} />
            <Route path="portfolio" element={<Page roles={READ_ALL} page={<PortfolioPage />} />} />
            <Route path="cases" element={<Page roles={[...READ_ALL, 'case-author']} page={<CasesPage />} />} />
            <Route path="cases/new" element={<Page roles={['case-author']} page={<CaseFormPage />} />} />
            <Route path="cases/:caseId" element={<Page roles={[...READ_ALL, 'case-author', 'department-head']} page={<CaseDetailPage />} />} />
            <Route path="cases/:caseId/revise" element={<Page roles={['case-author']} page={<CaseFormPage />} />} />
            <Route path="harvest-plan" element={<Page roles={READ_ALL} page={<HarvestPlanPage />} />} />
            <Route path="departments" element={<Page roles={READ_ALL} page={<DepartmentsPage />} />} />
            <Route path="departments/:departmentId" element={<Page roles={[...READ_ALL, 'department-head']} page={<DepartmentPage />} />} />
            <Route path="audit/what-if" element={<Page roles={READ_ALL} page={<WhatIfPage />} />} />
            <Route path="audit/:view" element={<Page roles={['auditor', 'admin']} page={<AuditPage />} />} />
            <Route path="budget-cuts/:caseId/:cutId/at-approval" element={<Page roles={[...READ_ALL, 'department-head', 'case-author']} page={<AtApprovalPage />} />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </CapabilitiesProvider>
    </SessionProvider>
  );
}

function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state === 'restoring') return <Loading />;
  if (state === 'signed-out') return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function Home() {
  const { identity } = useSession();
  return identity ? <Navigate to={homeOf(identity)} replace /> : null;
}

/** A page for some roles only. The API refuses the others anyway; this says so politely. */
function Page({ roles, page }: { roles: readonly Role[]; page: ReactNode }) {
  const { t } = useTranslation();
  const { identity } = useSession();
  // Every page asks the OpenAPI document what the API offers; wait for it once, here.
  const capabilities = useCapabilities();
  if (capabilities.state === 'loading') return <Loading />;
  if (!identity || !roles.includes(identity.role)) {
    return (
      <>
        <PageHeading>{t('forbidden.title')}</PageHeading>
        <p>{t('forbidden.body')}</p>
      </>
    );
  }
  return <Suspense fallback={<Loading />}>{page}</Suspense>;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.body')}</p>
    </>
  );
}
