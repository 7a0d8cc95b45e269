import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useResource } from '../api/use-resource';
import { ResourceView } from '../components/feedback';
import { PageHeading } from '../components/Layout';

const OPERATION = { method: 'GET', path: '/api/departments/{departmentId}/ledger' };

export default function DepartmentPage() {
  const { t } = useTranslation();
  const { departmentId = '' } = useParams();
  const resource = useResource<unknown>(OPERATION, `/api/departments/${encodeURIComponent(departmentId)}/ledger`);
  return (
    <>
      <PageHeading>{t('department.title', { department: departmentId })}</PageHeading>
      <ResourceView resource={resource} feature={t('department.ledger')}>
        {() => null}
      </ResourceView>
    </>
  );
}
