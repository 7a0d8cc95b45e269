import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useResource } from '../api/use-resource';
import type { DepartmentSummary, Items } from '../api/types';
import { ResourceView } from '../components/feedback';
import { PageHeading } from '../components/Layout';
import { Money } from '../components/Money';

const OPERATION = { method: 'GET', path: '/api/departments' };

/** The municipality's departments and their baseline budgets per year. */
export default function DepartmentsPage() {
  const { t } = useTranslation();
  const departments = useResource<Items<DepartmentSummary>>(OPERATION, OPERATION.path);
  return (
    <>
      <PageHeading>{t('departments.title')}</PageHeading>
      <ResourceView resource={departments} feature={t('departments.title')}>
        {({ items }) => {
          const years = [...new Set(items.flatMap((d) => Object.keys(d.baselineBudgets)))].sort();
          return items.length === 0 ? (
            <p className="notice">{t('departments.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('departments.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('departments.name')}</th>
                    <th scope="col">{t('departments.head')}</th>
                    {years.map((y) => <th key={y} scope="col" className="num">{y}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {items.map((d) => (
                    <tr key={d.departmentId}>
                      <th scope="row"><Link to={`/departments/${d.departmentId}`}>{d.name}</Link></th>
                      <td>{d.headId ?? '–'}</td>
                      {years.map((y) => <td key={y} className="num"><Money ore={d.baselineBudgets[y]} /></td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </ResourceView>
    </>
  );
}
