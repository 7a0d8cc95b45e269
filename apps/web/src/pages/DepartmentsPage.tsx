import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource';
import { ResourceView } from '../components/feedback';
import { PageHeading } from '../components/Layout';

const OPERATION = { method: 'GET', path: '/api/departments' };

export default function DepartmentsPage() {
  const { t } = useTranslation();
  const resource = useResource<unknown>(OPERATION, OPERATION.path);
  return (
    <>
      <PageHeading>{t('departments.title')}</PageHeading>
      <ResourceView resource={resource} feature={t('departments.title')}>
        {() => null}
      </ResourceView>
    </>
  );
}
