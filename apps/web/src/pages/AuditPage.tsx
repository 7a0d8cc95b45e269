import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useCapabilities } from '../api/capabilities';
import { Loading, NotAvailable } from '../components/feedback';
import { PageHeading } from '../components/Layout';

/**
 * The auditor's views: the history of every decision, the portfolio as of a past date, the
 * verification of the event log and the read models, and exports. Each needs an audit API that
 * has not landed yet; until it does the page says so (and what it waits for), never showing
 * made-up figures. The operations below are the ones the views will call.
 */
export const AUDIT_OPERATIONS = {
  history: { method: 'GET', path: '/api/audit/events' },
  'as-of': { method: 'GET', path: '/api/audit/as-of' },
  verification: { method: 'GET', path: '/api/audit/verify' },
  exports: { method: 'GET', path: '/api/audit/export' },
} as const;
type View = keyof typeof AUDIT_OPERATIONS;

export default function AuditPage() {
  const { t } = useTranslation();
  const capabilities = useCapabilities();
  const { view: raw = 'history' } = useParams();
  const view: View = raw in AUDIT_OPERATIONS ? (raw as View) : 'history';
  const operation = AUDIT_OPERATIONS[view];
  const title = t(`audit.${view}.title`);
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p className="lead">{t(`audit.${view}.lead`)}</p>
      {capabilities.state === 'loading' ? <Loading /> : <NotAvailable operation={operation} feature={title} />}
    </>
  );
}
