import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource';
import { ResourceView } from '../components/feedback';
import { PageHeading } from '../components/Layout';

const OPERATION = { method: 'GET', path: '/api/business-cases' };

export default function CasesPage() {
  const { t } = useTranslation();
  const resource = useResource<unknown>(OPERATION, OPERATION.path);
  return (
    <>
      <PageHeading>{t('cases.title')}</PageHeading>
      <ResourceView resource={resource} feature={t('cases.title')}>
        {() => null}
      </ResourceView>
    </>
  );
}
