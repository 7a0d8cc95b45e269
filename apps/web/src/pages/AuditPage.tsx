import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useResource } from '../api/use-resource';
import { ResourceView } from '../components/feedback';
import { PageHeading } from '../components/Layout';

const OPERATIONS: Record<string, { method: string; path: string }> = {
  history: { method: 'GET', path: '/api/audit/events' },
  'as-of': { method: 'GET', path: '/api/portfolio' },
  verification: { method: 'GET', path: '/api/audit/verify' },
  exports: { method: 'GET', path: '/api/audit/export' },
};

export default function AuditPage() {
  const { t } = useTranslation();
  const { view = 'history' } = useParams();
  const operation = OPERATIONS[view] ?? OPERATIONS['history']!;
  const resource = useResource<unknown>(operation, operation.path);
  return (
    <>
      <PageHeading>{t(`audit.${view in OPERATIONS ? view : 'history'}.title`)}</PageHeading>
      <ResourceView resource={resource} feature={t(`audit.${view in OPERATIONS ? view : 'history'}.title`)}>
        {() => null}
      </ResourceView>
    </>
  );
}
