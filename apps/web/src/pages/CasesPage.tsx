import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useResource } from '../api/use-resource';
import type { BusinessCaseSummary, DepartmentSummary, Items } from '../api/types';
import { useIdentity } from '../auth/session';
import { ResourceView } from '../components/feedback';
import { SelectField } from '../components/fields';
import { CaseStatus, label, PaybackText } from '../components/labels';
import { PageHeading } from '../components/Layout';
import { Money } from '../components/Money';

const LIST = { method: 'GET', path: '/api/business-cases' };
const DEPARTMENTS = { method: 'GET', path: '/api/departments' };
const STATUSES = ['draft', 'submitted', 'returned-for-revision', 'approved', 'rejected', 'in-implementation', 'in-operation', 'closed'];

/** The business cases the signed-in person may see (the API scopes case authors to their department). */
export default function CasesPage() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [status, setStatus] = useState('');
  const [department, setDepartment] = useState('');
  const cases = useResource<Items<BusinessCaseSummary>>(LIST, LIST.path, { status: status || undefined, department: department || undefined });
  const departments = useResource<Items<DepartmentSummary>>(DEPARTMENTS, DEPARTMENTS.path);
  const title = identity.role === 'case-author' ? t('nav.myCases') : t('cases.title');

  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p className="lead">{t('cases.lead')}</p>
      {identity.role === 'case-author' && (
        <p>
          <Link className="button" to="/cases/new">
            {t('nav.newCase')}
          </Link>
        </p>
      )}
      <form className="field-row filters" role="search" aria-label={t('cases.filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField name="status" label={t('cases.filterStatus')} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('cases.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(t, 'caseStatus', s)}
            </option>
          ))}
        </SelectField>
        <SelectField name="department" label={t('cases.filterDepartment')} value={department} onChange={(e) => setDepartment(e.target.value)}>
          <option value="">{t('cases.all')}</option>
          {departments.state === 'ok' &&
            departments.data.items.map((d) => (
              <option key={d.departmentId} value={d.departmentId}>
                {d.name}
              </option>
            ))}
        </SelectField>
      </form>
      <ResourceView resource={cases} feature={t('cases.title')}>
        {({ items }) =>
          items.length === 0 ? (
            <p className="notice" role="status">
              {t('cases.empty')}
            </p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('cases.caption', { count: items.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('cases.colTitle')}</th>
                    <th scope="col">{t('cases.colStatus')}</th>
                    <th scope="col">{t('cases.colDepartment')}</th>
                    <th scope="col" className="num">{t('cases.colRevision')}</th>
                    <th scope="col" className="num">{t('cases.colNpv')}</th>
                    <th scope="col" className="num">{t('cases.colBudgetEffective')}</th>
                    <th scope="col">{t('cases.colPayback')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.caseId}>
                      <th scope="row">
                        <Link to={`/cases/${c.caseId}`}>{c.title}</Link>
                        {c.topDownEstimate && <span className="status status-amber tag">{t('cases.topDown')}</span>}
                      </th>
                      <td>
                        <CaseStatus status={c.status} />
                        {c.rebaselineStatus && <span className="muted"> · {t('cases.rebaseline', { status: label(t, 'caseStatus', c.rebaselineStatus) })}</span>}
                      </td>
                      <td>{c.departmentIds.join(', ')}</td>
                      <td className="num">
                        {c.latestRevision}
                        {c.approvedRevision !== null && c.approvedRevision !== c.latestRevision && <span className="muted"> ({t('cases.approvedRevisionShort', { revision: c.approvedRevision })})</span>}
                      </td>
                      <td className="num">
                        <Money ore={c.latest.npv} />
                      </td>
                      <td className="num">
                        <Money ore={c.latest.totalBudgetEffective} />
                      </td>
                      <td>
                        <PaybackText payback={c.latest.payback} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </ResourceView>
    </>
  );
}

