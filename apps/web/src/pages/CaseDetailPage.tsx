import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useCapabilities } from '../api/capabilities';
import { useCommand } from '../api/use-command';
import { useResource } from '../api/use-resource';
import type { CaseView, CommandAnswer, DiffView, EconomicsView, RevisionWarning } from '../api/types';
import type { Identity } from '../auth/roles';
import { useIdentity } from '../auth/session';
import { ErrorBanner, ResourceView } from '../components/feedback';
import { SelectField, TextArea } from '../components/fields';
import { Actor, CaseStatus, label, PaybackText, When } from '../components/labels';
import { PageHeading } from '../components/Layout';
import { Money } from '../components/Money';
import { formatNumber, formatPercent } from '../format';
import { EconomicsSection } from './case-economics';
import { CaseRealisationSection } from './realisation-parts';

const CASE = { method: 'GET', path: '/api/business-cases/{caseId}' };
const ECONOMICS = { method: 'GET', path: '/api/business-cases/{caseId}/revisions/{revision}/economics' };
const DIFF = { method: 'GET', path: '/api/business-cases/{caseId}/diff' };

/** One business case: what it says, what it is worth, what happened to it, and what may happen next. */
export default function CaseDetailPage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const view = useResource<CaseView>(CASE, `/api/business-cases/${encodeURIComponent(caseId)}`);
  return (
    <ResourceView resource={view} feature={t('caseDetail.title')}>
      {(c) => <CaseDetail c={c} reload={view.reload} />}
    </ResourceView>
  );
}

function CaseDetail({ c, reload }: { c: CaseView; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const [revision, setRevision] = useState(c.latestRevision);
  useEffect(() => setRevision(c.latestRevision), [c.latestRevision]);
  const economics = useResource<EconomicsView>(ECONOMICS, `/api/business-cases/${encodeURIComponent(c.caseId)}/revisions/${revision}/economics`);
  const content = c.current;
  const saved = (useLocation().state as { saved?: boolean } | null)?.saved === true;

  return (
    <>
      <PageHeading>{content.title}</PageHeading>
      {saved && (
        <p className="success" role="status">
          {t('caseForm.saved', { revision: c.latestRevision })}
        </p>
      )}
      <p className="case-status-line">
        <CaseStatus status={c.status} />
        {c.rebaseline && <span className="status status-amber">{t('caseDetail.rebaseline', { revision: c.rebaseline.revision, status: label(t, 'caseStatus', c.rebaseline.status) })}</span>}
        {c.topDownEstimate && <span className="status status-amber">{t('cases.topDown')}</span>}
      </p>
      {content.description && <p>{content.description}</p>}

      <dl className="facts">
        <div><dt>{t('caseDetail.owningDepartment')}</dt><dd>{content.owningDepartmentId}</dd></div>
        <div><dt>{t('caseDetail.projectOwner')}</dt><dd>{content.projectOwner}</dd></div>
        <div><dt>{t('caseDetail.horizon')}</dt><dd>{`${content.startYear}–${content.startYear + content.horizonYears - 1}`}</dd></div>
        <div><dt>{t('caseDetail.discountRate')}</dt><dd>{formatPercent(content.discountRatePct / 100, i18n.language, 2)}</dd></div>
        <div><dt>{t('caseDetail.riskReserve')}</dt><dd>{formatPercent(content.riskReservePct / 100, i18n.language, 2)}</dd></div>
        <div><dt>{t('caseDetail.latestRevision')}</dt><dd>{c.latestRevision}</dd></div>
        <div><dt>{t('caseDetail.approvedRevision')}</dt><dd>{c.approvedRevision ?? t('common.none')}</dd></div>
        <div><dt>{t('caseDetail.createdBy')}</dt><dd><Actor actor={c.createdBy} />, <When at={c.createdAt} /></dd></div>
      </dl>

      <Warnings warnings={c.warnings} />
      <CaseActions c={c} identity={identity} onDone={reload} />

      <section aria-labelledby="revision-pick-title">
        <h2 id="revision-pick-title" className="visually-hidden">{t('caseDetail.pickRevision')}</h2>
        <SelectField name="economicsRevision" label={t('caseDetail.pickRevision')} value={String(revision)} onChange={(e) => setRevision(Number(e.target.value))} className="field-inline">
          {c.revisions.map((r) => (
            <option key={r.revision} value={r.revision}>
              {t('caseDetail.revisionOption', { revision: r.revision, reason: r.reason })}
              {r.revision === c.approvedRevision ? ` – ${t('caseDetail.approved')}` : ''}
            </option>
          ))}
        </SelectField>
      </section>
      <ResourceView resource={economics} feature={t('economics.title')}>
        {(v) => <EconomicsSection view={v} heading={t('economics.titleRevision', { revision: v.revision })} />}
      </ResourceView>

      {c.approvedRevision !== null && <CaseRealisationSection caseId={c.caseId} role={identity.role} benefitLines={content.benefitLines} />}
      <Lines c={c} />
      <Revisions c={c} />
      <History c={c} />
    </>
  );
}

function Warnings({ warnings }: { warnings: RevisionWarning[] }) {
  const { t } = useTranslation();
  if (!warnings.length) return null;
  return (
    <section className="notice" aria-labelledby="warnings-title">
      <h2 id="warnings-title">{t('caseDetail.warnings')}</h2>
      <ul>
        {warnings.map((w, i) => (
          <li key={`${w.code}-${i}`}>{t(`warning.${w.code}`, { defaultValue: w.message })}</li>
        ))}
      </ul>
    </section>
  );
}

type Action = 'submit' | 'approve' | 'reject' | 'return' | 'start-implementation' | 'go-live' | 'close';

/** What this person may do next with the case; the API decides, the UI only offers what can succeed. */
export function availableActions(c: CaseView, identity: Identity): { actions: Action[]; reviewRevision: number | null; canRevise: boolean } {
  const author = identity.role === 'case-author';
  const reviewer = identity.role === 'finance' || identity.role === 'management';
  const phase = author || reviewer;
  const stage = c.rebaseline?.status ?? (['draft', 'submitted', 'returned-for-revision'].includes(c.status) ? c.status : null);
  const reviewRevision = c.rebaseline?.revision ?? c.latestRevision;
  const actions: Action[] = [];
  if (author && (stage === 'draft' || stage === 'returned-for-revision')) actions.push('submit');
  if (reviewer && stage === 'submitted') actions.push('approve', 'return', 'reject');
  if (phase && c.status === 'approved') actions.push('start-implementation');
  if (phase && c.status === 'in-implementation') actions.push('go-live');
  if (phase && c.status === 'in-operation' && !c.rebaseline) actions.push('close');
  const canRevise = author && stage !== 'submitted' && !['rejected', 'closed'].includes(c.status);
  return { actions, reviewRevision: stage === 'submitted' ? reviewRevision : null, canRevise };
}

function CaseActions({ c, identity, onDone }: { c: CaseView; identity: Identity; onDone: () => void }) {
  const { t } = useTranslation();
  const capabilities = useCapabilities();
  const { run, busy, error, setError } = useCommand();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string[] | undefined>();
  const [done, setDone] = useState<string | null>(null);
  const { actions, reviewRevision, canRevise } = availableActions(c, identity);
  const offered = actions.filter((a) => capabilities.has('POST', `/api/business-cases/{caseId}/${a}`));
  // After a step the case may offer this person nothing more; the confirmation still shows.
  if (!offered.length && !canRevise && !done) return null;

  const act = async (action: Action) => {
    setDone(null);
    if (!reason.trim()) {
      setReasonError([t('caseDetail.reasonRequired')]);
      document.getElementById('field-reason')?.focus();
      return;
    }
    setReasonError(undefined);
    const body = reviewRevision !== null && ['approve', 'reject', 'return'].includes(action) ? { reason, revision: reviewRevision } : { reason };
    const answer = await run<CommandAnswer>('POST', `/api/business-cases/${encodeURIComponent(c.caseId)}/${action}`, body, { ifMatch: c.etag });
    if (answer) {
      setReason('');
      setDone(t(`caseAction.done.${action}`));
      onDone();
    }
  };

  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('caseDetail.actions')}</h2>
      {reviewRevision !== null && <p>{t('caseDetail.underReview', { revision: reviewRevision })}</p>}
      <ErrorBanner error={error && !error.fieldErrors['reason'] ? error : null} onDismiss={() => setError(null)} />
      {offered.length > 0 && (
        <TextArea
          name="reason"
          label={t('caseDetail.reason')}
          hint={t('caseDetail.reasonHint')}
          value={reason}
          rows={2}
          errors={reasonError ?? error?.fieldErrors['reason']}
          onChange={(e) => setReason(e.target.value)}
        />
      )}
      <div className="actions">
        {offered.map((a) => (
          <button key={a} type="button" className={a === 'reject' ? 'button-danger' : a === 'return' ? 'button-secondary' : undefined} disabled={busy} onClick={() => void act(a)}>
            {t(`caseAction.${a}`)}
          </button>
        ))}
        {canRevise && capabilities.has('POST', '/api/business-cases/{caseId}/revisions') && (
          <Link className="button button-secondary" to={`/cases/${c.caseId}/revise`}>
            {t('caseAction.revise')}
          </Link>
        )}
      </div>
      <div role="status" aria-live="polite">
        {done && <p className="success">{done}</p>}
      </div>
    </section>
  );
}

function Lines({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const content = c.current;
  return (
    <section aria-labelledby="lines-title">
      <h2 id="lines-title">{t('caseDetail.lines', { revision: c.latestRevision })}</h2>
      <div className="table-wrap">
        <table>
          <caption>{t('caseForm.costLines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('caseForm.description')}</th>
              <th scope="col">{t('caseForm.category')}</th>
              <th scope="col">{t('caseForm.nature')}</th>
              <th scope="col">{t('caseDetail.amountsPerYear')}</th>
            </tr>
          </thead>
          <tbody>
            {content.costLines.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.description || l.id}</th>
                <td>{label(t, 'costCategory', l.category)}</td>
                <td>{label(t, 'costNature', l.nature)}</td>
                <td>
                  {l.amounts.map((a) => (
                    <span key={a.year} className="amount-chip">
                      {a.year}: {'amount' in a ? <Money ore={a.amount} /> : t('caseDetail.hoursAmount', { hours: formatNumber(a.hours, i18n.language, 2), rate: formatNumber(a.hourlyCost / 100, i18n.language, 2) })}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table>
          <caption>{t('caseForm.benefitLines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('caseForm.description')}</th>
              <th scope="col">{t('caseForm.department')}</th>
              <th scope="col">{t('caseForm.benefitClass')}</th>
              <th scope="col">{t('caseForm.valuation')}</th>
              <th scope="col">{t('caseForm.adoption')}</th>
            </tr>
          </thead>
          <tbody>
            {content.benefitLines.map((l) => (
              <tr key={l.id}>
                <th scope="row">
                  {l.description || l.id}
                  <div className="muted">{l.workProcess}</div>
                </th>
                <td>{l.departmentId}</td>
                <td>{label(t, 'benefitClass', l.benefitClass)}</td>
                <td>
                  {l.valuation.kind === 'time' &&
                    t('caseDetail.timeValuation', {
                      cases: formatNumber(l.valuation.casesPerYear, i18n.language),
                      minutes: formatNumber(l.valuation.minutesSavedPerCase, i18n.language, 2),
                      rate: formatNumber(l.valuation.hourlyCost / 100, i18n.language, 2),
                    })}
                  {l.valuation.kind === 'fixed' && (
                    <>
                      <Money ore={l.valuation.amountPerYear} /> {t('caseDetail.perYear')}
                    </>
                  )}
                  {l.valuation.kind === 'unpriced' && label(t, 'valuationKind', 'unpriced')}
                </td>
                <td>
                  {t('caseDetail.adoptionText', {
                    target: formatPercent(l.adoption.targetAdoptionPct / 100, i18n.language, 2),
                    months: l.adoption.rampUpMonths,
                    start: l.adoption.startMonth,
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {content.benefitMap.goals.length > 0 && (
        <section aria-labelledby="map-title">
          <h3 id="map-title">{t('caseForm.benefitMap')}</h3>
          <p>
            <strong>{t('caseForm.purpose')}:</strong> {content.benefitMap.purpose}
          </p>
          <ul>
            {content.benefitMap.goals.map((g) => (
              <li key={g.id}>
                {t('caseForm.goal')}: {g.title}
                <ul>
                  {g.benefits.map((b) => (
                    <li key={b.id}>
                      {t('caseForm.mapBenefit')}: {b.title}
                      {b.benefitLineIds.length > 0 && <span className="muted"> ({b.benefitLineIds.join(', ')})</span>}
                      {b.deliverables.length > 0 && <span> · {t('caseForm.deliverables')}: {b.deliverables.map((d) => d.title).join(', ')}</span>}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function Revisions({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(Math.max(1, c.latestRevision - 1));
  const [to, setTo] = useState(c.latestRevision);
  const [asked, setAsked] = useState<{ from: number; to: number } | null>(null);
  const diff = useResource<DiffView>(DIFF, asked ? `/api/business-cases/${encodeURIComponent(c.caseId)}/diff` : null, asked ? { from: String(asked.from), to: String(asked.to) } : undefined);
  return (
    <section aria-labelledby="revisions-title">
      <h2 id="revisions-title">{t('caseDetail.revisions')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('caseDetail.revision')}</th>
              <th scope="col">{t('caseDetail.reasonColumn')}</th>
              <th scope="col">{t('caseDetail.by')}</th>
              <th scope="col">{t('caseDetail.at')}</th>
            </tr>
          </thead>
          <tbody>
            {c.revisions.map((r) => (
              <tr key={r.revision}>
                <th scope="row">
                  {r.revision}
                  {r.rebaseline && <span className="muted"> ({t('caseDetail.rebaselineShort')})</span>}
                  {c.approvals.some((a) => a.revision === r.revision) && <span className="status status-green tag">{t('caseDetail.approved')}</span>}
                </th>
                <td>{r.reason}</td>
                <td><Actor actor={r.by} /></td>
                <td><When at={r.at} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {c.revisions.length > 1 && (
        <form
          className="field-row compare"
          aria-labelledby="compare-title"
          onSubmit={(e) => {
            e.preventDefault();
            setAsked({ from, to });
          }}
        >
          <h3 id="compare-title" className="visually-hidden">{t('caseDetail.compare')}</h3>
          <SelectField name="from" label={t('caseDetail.compareFrom')} value={String(from)} onChange={(e) => setFrom(Number(e.target.value))}>
            {c.revisions.map((r) => <option key={r.revision} value={r.revision}>{r.revision}</option>)}
          </SelectField>
          <SelectField name="to" label={t('caseDetail.compareTo')} value={String(to)} onChange={(e) => setTo(Number(e.target.value))}>
            {c.revisions.map((r) => <option key={r.revision} value={r.revision}>{r.revision}</option>)}
          </SelectField>
          <div className="field field-button">
            <button type="submit">{t('caseDetail.compare')}</button>
          </div>
        </form>
      )}
      {asked && (
        <ResourceView resource={diff} feature={t('caseDetail.compare')}>
          {(d) => <DiffResult d={d} />}
        </ResourceView>
      )}
    </section>
  );
}

function DiffResult({ d }: { d: DiffView }) {
  const { t } = useTranslation();
  const e = d.diff.economics;
  const show = (v: unknown) => (v === undefined ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return (
    <div aria-live="polite" data-testid="diff">
      <h3>{t('caseDetail.diffTitle', { from: d.from, to: d.to })}</h3>
      {d.diff.identical && <p>{t('caseDetail.identical')}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('economics.figure')}</th>
              <th scope="col" className="num">{t('caseDetail.before', { revision: d.from })}</th>
              <th scope="col" className="num">{t('caseDetail.after', { revision: d.to })}</th>
              <th scope="col" className="num">{t('caseDetail.delta')}</th>
            </tr>
          </thead>
          <tbody>
            {(['npv', 'npvBudgetEffective', 'totalCosts', 'totalBenefits'] as const).map((k) => (
              <tr key={k}>
                <th scope="row">{t(`economics.${k}`)}</th>
                <td className="num"><Money ore={e[k].before} /></td>
                <td className="num"><Money ore={e[k].after} /></td>
                <td className="num"><Money ore={e[k].delta} signed /></td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('economics.payback')}</th>
              <td className="num"><PaybackText payback={e.payback.before} /></td>
              <td className="num"><PaybackText payback={e.payback.after} /></td>
              <td />
            </tr>
            {e.budgetEffectiveByDepartmentAndYear.map((b) => (
              <tr key={`${b.departmentId}-${b.year}`}>
                <th scope="row">{t('caseDetail.budgetEffectiveIn', { department: b.departmentId, year: b.year })}</th>
                <td className="num"><Money ore={b.before} /></td>
                <td className="num"><Money ore={b.after} /></td>
                <td className="num"><Money ore={b.delta} signed /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.diff.assumptions.length + d.diff.benefitMap.length > 0 && (
        <ul>
          {[...d.diff.assumptions, ...d.diff.benefitMap].map((ch) => (
            <li key={ch.path}>
              <code>{ch.path}</code>: {show(ch.before)} → {show(ch.after)}
            </li>
          ))}
        </ul>
      )}
      <ul>
        {(['costLines', 'benefitLines'] as const).map((k) => (
          <li key={k}>
            {t(`caseForm.${k}`)}: {t('caseDetail.linesChanged', { added: d.diff[k].added.length, removed: d.diff[k].removed.length, changed: d.diff[k].changed.length })}
            {d.diff[k].changed.length > 0 && (
              <ul>
                {d.diff[k].changed.flatMap((line) =>
                  line.changes.map((ch) => (
                    <li key={`${line.id}-${ch.path}`}>
                      <code>{line.id}.{ch.path}</code>: {show(ch.before)} → {show(ch.after)}
                    </li>
                  )),
                )}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function History({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const identity = useIdentity();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('caseDetail.history')}</h2>
      {(identity.role === 'auditor' || identity.role === 'admin') && (
        <p>
          <Link to={`/audit/history?case=${encodeURIComponent(c.caseId)}`}>{t('caseDetail.fullHistory')}</Link>
        </p>
      )}
      <div className="table-wrap">
        <table data-testid="case-history">
          <thead>
            <tr>
              <th scope="col">{t('caseDetail.at')}</th>
              <th scope="col">{t('caseDetail.event')}</th>
              <th scope="col">{t('caseDetail.revision')}</th>
              <th scope="col">{t('caseDetail.by')}</th>
              <th scope="col">{t('caseDetail.reasonColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {c.history.map((h, i) => (
              <tr key={i}>
                <td><When at={h.at} /></td>
                <th scope="row">{label(t, 'event', h.event)}</th>
                <td>{h.revision ?? ''}</td>
                <td><Actor actor={h.by} /></td>
                <td>{h.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
