import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource';
import { ResourceView } from '../components/feedback';
import { PageHeading } from '../components/Layout';

const OPERATION = { method: 'GET', path: '/api/portfolio' };

export default function PortfolioPage() {
  const { t } = useTranslation();
  const resource = useResource<unknown>(OPERATION, OPERATION.path);
  return (
    <>
      <PageHeading>{t('portfolio.title')}</PageHeading>
      <ResourceView resource={resource} feature={t('portfolio.title')}>
        {() => null}
      </ResourceView>
    </>
  );
}
