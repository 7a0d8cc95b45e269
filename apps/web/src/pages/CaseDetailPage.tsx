import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useResource } from '../api/use-resource';
import { ResourceView } from '../components/feedback';
import { PageHeading } from '../components/Layout';

const OPERATION = { method: 'GET', path: '/api/business-cases/{caseId}' };

export default function CaseDetailPage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const resource = useResource<unknown>(OPERATION, `/api/business-cases/${encodeURIComponent(caseId)}`);
  return (
    <>
      <PageHeading>{t('caseDetail.title')}</PageHeading>
      <ResourceView resource={resource} feature={t('caseDetail.title')}>
        {() => null}
      </ResourceView>
    </>
  );
}
