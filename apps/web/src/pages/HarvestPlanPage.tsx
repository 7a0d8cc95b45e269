import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource';
import { ResourceView } from '../components/feedback';
import { PageHeading } from '../components/Layout';

const OPERATION = { method: 'GET', path: '/api/budget-cuts' };

export default function HarvestPlanPage() {
  const { t } = useTranslation();
  const resource = useResource<unknown>(OPERATION, OPERATION.path);
  return (
    <>
      <PageHeading>{t('harvestPlan.title')}</PageHeading>
      <ResourceView resource={resource} feature={t('harvestPlan.title')}>
        {() => null}
      </ResourceView>
    </>
  );
}
