import { useTranslation } from 'react-i18next';
import { useCapabilities } from '../api/capabilities';
import { Loading, NotAvailable } from '../components/feedback';
import { PageHeading } from '../components/Layout';

const OPERATION = { method: 'POST', path: '/api/business-cases' };

export default function CaseFormPage() {
  const { t } = useTranslation();
  const capabilities = useCapabilities();
  return (
    <>
      <PageHeading>{t('caseForm.newTitle')}</PageHeading>
      {capabilities.state === 'loading' ? <Loading /> : !capabilities.has(OPERATION.method, OPERATION.path) ? <NotAvailable operation={OPERATION} feature={t('caseForm.newTitle')} /> : null}
    </>
  );
}
