import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { CapabilitiesProvider } from './api/capabilities';
import { homeOf, READ_ALL, type Role } from './auth/roles';
import { SessionProvider, useSession } from './auth/session';
import { Loading } from './components/feedback';
import { Layout, PageHeading } from './components/Layout';
import { SignInPage } from './pages/SignInPage';

// Pages load on demand: the sign-in page and the frame stay small, Chart.js comes with the pages that draw.
const PortfolioPage = lazy(() => import('./pages/PortfolioPage'));
const CasesPage = lazy(() => import('./pages/CasesPage'));
const CaseDetailPage = lazy(() => import('./pages/CaseDetailPage'));
const CaseFormPage = lazy(() => import('./pages/CaseFormPage'));
const HarvestPlanPage = lazy(() => import('./pages/HarvestPlanPage'));
const DepartmentsPage = lazy(() => import('./pages/DepartmentsPage'));
const DepartmentPage = lazy(() => import('./pages/DepartmentPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));

export function App() {
  return (
    <SessionProvider>
      <CapabilitiesProvider>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
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
            <Route path="cases/:caseId" element={<Page roles={[...READ_ALL, 'case-author']} page={<CaseDetailPage />} />} />
            <Route path="cases/:caseId/revise" element={<Page roles={['case-author']} page={<CaseFormPage />} />} />
            <Route path="harvest-plan" element={<Page roles={READ_ALL} page={<HarvestPlanPage />} />} />
            <Route path="departments" element={<Page roles={READ_ALL} page={<DepartmentsPage />} />} />
            <Route path="departments/:departmentId" element={<Page roles={[...READ_ALL, 'department-head']} page={<DepartmentPage />} />} />
            <Route path="audit/:view" element={<Page roles={['auditor', 'admin']} page={<AuditPage />} />} />
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
