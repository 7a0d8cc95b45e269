import { useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useCapabilities } from '../api/capabilities';
import { ApiError, fieldId } from '../api/problem';
import { useCommand } from '../api/use-command';
import { useResource } from '../api/use-resource';
import type { CaseView, CommandAnswer, DepartmentSummary, Items, Settings } from '../api/types';
import { useIdentity } from '../auth/session';
import { ErrorBanner, ErrorSummary, Loading, NotAvailable, ResourceView } from '../components/feedback';
import { SelectField, TextArea, TextField } from '../components/fields';
import { label, PaybackText } from '../components/labels';
import { Money } from '../components/Money';
import { PageHeading } from '../components/Layout';
import { formatPercent } from '../format';
import {
  adoptionByYear,
  allIds,
  BENEFIT_CLASSES,
  COST_CATEGORIES,
  COST_NATURES,
  draftFromContent,
  emptyDraft,
  newBenefitLine,
  newCostAmount,
  newCostLine,
  nextId,
  previewEconomics,
  SCALING_KEYS,
  validateDraft,
  VALUATION_KINDS,
  type CaseDraft,
} from './case-draft';

const CREATE = { method: 'POST', path: '/api/business-cases' };
const REVISE = { method: 'POST', path: '/api/business-cases/{caseId}/revisions' };
const CASE = { method: 'GET', path: '/api/business-cases/{caseId}' };
const DEPARTMENTS = { method: 'GET', path: '/api/departments' };
const SETTINGS = { method: 'GET', path: '/api/settings' };

/** Create a business case, or revise one (a complete new revision, with a reason). */
export default function CaseFormPage() {
  const { t } = useTranslation();
  const { caseId } = useParams();
  const capabilities = useCapabilities();
  const existing = useResource<CaseView>(CASE, caseId ? `/api/business-cases/${encodeURIComponent(caseId)}` : null);
  const operation = caseId ? REVISE : CREATE;
  const title = caseId ? t('caseForm.reviseTitle') : t('caseForm.newTitle');
  if (capabilities.state === 'loading') return <Loading />;
  if (!capabilities.has(operation.method, operation.path)) {
    return (
      <>
        <PageHeading>{title}</PageHeading>
        <NotAvailable operation={operation} feature={title} />
      </>
    );
  }
  if (!caseId) return <CaseForm title={title} />;
  return (
    <ResourceView resource={existing} feature={title}>
      {(c) => <CaseForm title={`${title}: ${c.current.title}`} existing={c} />}
    </ResourceView>
  );
}

function CaseForm({ title, existing }: { title: string; existing?: CaseView }) {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const navigate = useNavigate();
  const departments = useResource<Items<DepartmentSummary>>(DEPARTMENTS, DEPARTMENTS.path);
  const settings = useResource<Settings>(SETTINGS, SETTINGS.path);
  const [draft, setDraft] = useState<CaseDraft>(() => (existing ? draftFromContent(existing.current) : emptyDraft(identity.departments[0] ?? '', identity.name?.replace(/\s*\(.*\)$/, '') ?? identity.id)));
  const [attempted, setAttempted] = useState(false);
  const [summaryError, setSummaryError] = useState<ApiError | null>(null);
  const { run, busy, error: serverError, setError: setServerError } = useCommand();

  // Edits apply at once (inside the event handler, while the event's values are at hand) to the
  // latest draft, which the ref holds even between two edits of one event.
  const latest = useRef(draft);
  latest.current = draft;
  const edit = (fn: (d: CaseDraft) => void) => {
    const next = structuredClone(latest.current);
    fn(next);
    latest.current = next;
    setDraft(next);
  };

  const checked = useMemo(() => validateDraft(draft), [draft]);
  const clientErrors = useMemo(() => {
    const out: Record<string, string[]> = {};
    for (const e of checked.errors) {
      const text = i18n.language === 'en' && e.message ? e.message : t(e.key, { defaultValue: e.message ?? e.key });
      (out[e.name] ??= []).push(text);
    }
    return out;
  }, [checked, t, i18n.language]);
  // After the first submit the client's errors follow the input live; the server's stay until the next submit.
  const errors: Record<string, string[]> = { ...(attempted ? clientErrors : {}), ...(serverError?.fieldErrors ?? {}) };
  const err = (name: string): string[] | undefined => errors[name];

  const years = useMemo(() => {
    const start = Number(draft.startYear);
    const n = Number(draft.horizonYears);
    return Number.isInteger(start) && Number.isInteger(n) && n > 0 && n <= 35 ? Array.from({ length: n }, (_, i) => start + i) : [];
  }, [draft.startYear, draft.horizonYears]);

  const departmentOptions = departments.state === 'ok' && departments.data.items.length > 0 ? departments.data.items : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setServerError(null);
    if (checked.errors.length) {
      setSummaryError(new ApiError({ status: 400, code: 'validation', 'invalid-params': Object.entries(clientErrors).flatMap(([name, reasons]) => reasons.map((reason) => ({ name, reason }))) }));
      return;
    }
    setSummaryError(null);
    const answer = existing
      ? await run<CommandAnswer>('POST', `/api/business-cases/${encodeURIComponent(existing.caseId)}/revisions`, checked.body, { ifMatch: existing.etag })
      : await run<CommandAnswer>('POST', '/api/business-cases', checked.body);
    if (answer?.caseId) navigate(`/cases/${answer.caseId}`, { state: { saved: true } });
  };

  // A refused submit moves focus to the summary of what to fix (ErrorSummary does it).
  const summary = serverError && serverError.invalidParams.length ? serverError : summaryError;
  const otherServerError = serverError && !serverError.invalidParams.length ? serverError : null;

  const departmentField = (name: string, value: string, onChange: (v: string) => void, fieldLabel: string, hideLabel = false) =>
    departmentOptions ? (
      <SelectField name={name} label={fieldLabel} hideLabel={hideLabel} value={value} errors={err(name)} onChange={(e) => onChange(e.target.value)}>
        {!departmentOptions.some((d) => d.departmentId === value) && <option value={value}>{value || t('caseForm.choose')}</option>}
        {departmentOptions.map((d) => (
          <option key={d.departmentId} value={d.departmentId}>
            {d.name}
          </option>
        ))}
      </SelectField>
    ) : (
      <TextField name={name} label={fieldLabel} hideLabel={hideLabel} value={value} errors={err(name)} hint={t('caseForm.departmentHint')} onChange={(e) => onChange(e.target.value)} />
    );

  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p className="lead">{existing ? t('caseForm.reviseLead', { revision: existing.latestRevision + 1 }) : t('caseForm.newLead')}</p>
      <ErrorSummary error={summary} />
      <ErrorBanner error={otherServerError} onDismiss={() => setServerError(null)} />
      <form noValidate onSubmit={(e) => void submit(e)} aria-describedby="form-required-note" data-testid="case-form">
        <p id="form-required-note" className="muted">
          {t('caseForm.requiredNote')}
        </p>
        <fieldset>
          <legend>{t('caseForm.basics')}</legend>
          <TextField name="title" label={t('caseForm.title')} value={draft.title} errors={err('title')} maxLength={200} autoComplete="off" onChange={(e) => edit((d) => void (d.title = e.target.value))} />
          <TextArea name="description" label={t('caseForm.description')} value={draft.description} errors={err('description')} rows={3} onChange={(e) => edit((d) => void (d.description = e.target.value))} />
          <div className="field-row">
            {departmentField('owningDepartmentId', draft.owningDepartmentId, (v) => edit((d) => void (d.owningDepartmentId = v)), t('caseForm.owningDepartment'))}
            <TextField name="projectOwner" label={t('caseForm.projectOwner')} value={draft.projectOwner} errors={err('projectOwner')} onChange={(e) => edit((d) => void (d.projectOwner = e.target.value))} />
          </div>
          <div className="field-row">
            <TextField name="startYear" label={t('caseForm.startYear')} inputMode="numeric" className="field-narrow" value={draft.startYear} errors={err('startYear')} onChange={(e) => edit((d) => void (d.startYear = e.target.value))} />
            <TextField name="horizonYears" label={t('caseForm.horizonYears')} hint={t('caseForm.horizonHint')} inputMode="numeric" className="field-narrow" value={draft.horizonYears} errors={err('horizonYears')} onChange={(e) => edit((d) => void (d.horizonYears = e.target.value))} />
            <TextField name="riskReservePct" label={t('caseForm.riskReservePct')} hint={t('caseForm.riskReserveHint')} inputMode="decimal" className="field-narrow" value={draft.riskReservePct} errors={err('riskReservePct')} onChange={(e) => edit((d) => void (d.riskReservePct = e.target.value))} />
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('caseForm.origin')}</legend>
          <SelectField name="origin.kind" label={t('caseForm.originKind')} value={draft.origin.kind} errors={err('origin.kind')} onChange={(e) => edit((d) => void (d.origin.kind = e.target.value))}>
            {['local', 'derived-from-national'].map((k) => (
              <option key={k} value={k}>
                {label(t, 'origin', k)}
              </option>
            ))}
          </SelectField>
          {draft.origin.kind === 'derived-from-national' && (
            <>
              <p className="notice">{t('warning.top-down-estimate')}</p>
              <TextField name="origin.nationalCaseRef" label={t('caseForm.nationalCaseRef')} value={draft.origin.nationalCaseRef} errors={err('origin.nationalCaseRef')} onChange={(e) => edit((d) => void (d.origin.nationalCaseRef = e.target.value))} />
              <div className="field-row">
                <SelectField name="origin.scalingKey" label={t('caseForm.scalingKey')} value={draft.origin.scalingKey} errors={err('origin.scalingKey')} onChange={(e) => edit((d) => void (d.origin.scalingKey = e.target.value))}>
                  {SCALING_KEYS.map((k) => (
                    <option key={k} value={k}>
                      {label(t, 'scalingKey', k)}
                    </option>
                  ))}
                </SelectField>
                <TextField name="origin.localValue" label={t('caseForm.localValue')} inputMode="decimal" value={draft.origin.localValue} errors={err('origin.localValue')} onChange={(e) => edit((d) => void (d.origin.localValue = e.target.value))} />
                <TextField name="origin.nationalValue" label={t('caseForm.nationalValue')} inputMode="decimal" value={draft.origin.nationalValue} errors={err('origin.nationalValue')} onChange={(e) => edit((d) => void (d.origin.nationalValue = e.target.value))} />
              </div>
            </>
          )}
        </fieldset>

        <Group name="costLines" legend={t('caseForm.costLines')} errors={err('costLines')} hint={t('caseForm.costLinesHint')}>
          {draft.costLines.map((line, i) => {
            const p = `costLines[${i}]`;
            return (
              <Group key={line.id} name={p} legend={t('caseForm.costLine', { n: i + 1, id: line.id })} errors={err(p)} nested>
                <TextField name={`${p}.description`} label={t('caseForm.description')} value={line.description} errors={err(`${p}.description`)} onChange={(e) => edit((d) => void (d.costLines[i]!.description = e.target.value))} />
                <div className="field-row">
                  <SelectField name={`${p}.category`} label={t('caseForm.category')} value={line.category} errors={err(`${p}.category`)} onChange={(e) => edit((d) => void (d.costLines[i]!.category = e.target.value))}>
                    {COST_CATEGORIES.map((k) => <option key={k} value={k}>{label(t, 'costCategory', k)}</option>)}
                  </SelectField>
                  <SelectField name={`${p}.nature`} label={t('caseForm.nature')} value={line.nature} errors={err(`${p}.nature`)} onChange={(e) => edit((d) => void (d.costLines[i]!.nature = e.target.value))}>
                    {COST_NATURES.map((k) => <option key={k} value={k}>{label(t, 'costNature', k)}</option>)}
                  </SelectField>
                </div>
                <Group name={`${p}.amounts`} legend={t('caseForm.amounts')} errors={err(`${p}.amounts`)} hint={t('caseForm.amountsHint')} nested>
                  <div className="table-wrap">
                    <table className="amounts-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('common.year')}</th>
                          <th scope="col">{t('caseForm.amountMode')}</th>
                          <th scope="col">{t('caseForm.likely')}</th>
                          <th scope="col">{t('caseForm.low')}</th>
                          <th scope="col">{t('caseForm.high')}</th>
                          <th scope="col"><span className="visually-hidden">{t('caseForm.actions')}</span></th>
                        </tr>
                      </thead>
                      <tbody>
                        {line.amounts.map((a, j) => {
                          const q = `${p}.amounts[${j}]`;
                          const row = t('caseForm.amountRow', { n: j + 1, line: i + 1 });
                          return (
                            <tr key={j} id={fieldId(q)} tabIndex={-1}>
                              <td>
                                <TextField name={`${q}.year`} label={`${t('common.year')} (${row})`} hideLabel inputMode="numeric" className="field-narrow" value={a.year} errors={err(`${q}.year`)} onChange={(e) => edit((d) => void (d.costLines[i]!.amounts[j]!.year = e.target.value))} />
                                {err(q) && <p className="field-error">{err(q)!.join(' · ')}</p>}
                              </td>
                              <td>
                                <SelectField name={`${q}.mode`} label={`${t('caseForm.amountMode')} (${row})`} hideLabel value={a.mode} onChange={(e) => edit((d) => void (d.costLines[i]!.amounts[j]!.mode = e.target.value as 'amount' | 'hours'))}>
                                  <option value="amount">{t('caseForm.modeAmount')}</option>
                                  <option value="hours">{t('caseForm.modeHours')}</option>
                                </SelectField>
                              </td>
                              <td>
                                {a.mode === 'amount' ? (
                                  <TextField name={`${q}.amount`} label={`${t('caseForm.likelyKr')} (${row})`} hideLabel inputMode="decimal" value={a.amount} errors={err(`${q}.amount`)} onChange={(e) => edit((d) => void (d.costLines[i]!.amounts[j]!.amount = e.target.value))} />
                                ) : (
                                  <div className="field-row tight">
                                    <TextField name={`${q}.hours`} label={`${t('caseForm.hours')} (${row})`} inputMode="decimal" value={a.hours} errors={err(`${q}.hours`)} onChange={(e) => edit((d) => void (d.costLines[i]!.amounts[j]!.hours = e.target.value))} />
                                    <TextField name={`${q}.hourlyCost`} label={`${t('caseForm.hourlyCostKr')} (${row})`} inputMode="decimal" value={a.hourlyCost} errors={err(`${q}.hourlyCost`)} onChange={(e) => edit((d) => void (d.costLines[i]!.amounts[j]!.hourlyCost = e.target.value))} />
                                  </div>
                                )}
                              </td>
                              <td>
                                <TextField name={`${q}.low`} label={`${t('caseForm.lowKr')} (${row})`} hideLabel inputMode="decimal" value={a.low} errors={err(`${q}.low`)} onChange={(e) => edit((d) => void (d.costLines[i]!.amounts[j]!.low = e.target.value))} />
                              </td>
                              <td>
                                <TextField name={`${q}.high`} label={`${t('caseForm.highKr')} (${row})`} hideLabel inputMode="decimal" value={a.high} errors={err(`${q}.high`)} onChange={(e) => edit((d) => void (d.costLines[i]!.amounts[j]!.high = e.target.value))} />
                              </td>
                              <td>
                                <button type="button" className="button-secondary button-small" onClick={() => edit((d) => void d.costLines[i]!.amounts.splice(j, 1))}>
                                  {t('caseForm.removeYear')}
                                  <span className="visually-hidden"> ({row})</span>
                                </button>
                              </td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </div>
                  <div className="actions">
                    <button
                      type="button"
                      className="button-secondary button-small"
                      onClick={() =>
                        edit((d) => {
                          const used = new Set(d.costLines[i]!.amounts.map((a) => a.year));
                          const next = years.find((y) => !used.has(String(y)));
                          d.costLines[i]!.amounts.push(newCostAmount(next ? String(next) : ''));
                        })
                      }
                    >
                      {t('caseForm.addYear')}
                    </button>
                    <button
                      type="button"
                      className="button-secondary button-small"
                      disabled={!years.length}
                      onClick={() =>
                        edit((d) => {
                          const line = d.costLines[i]!;
                          const used = new Set(line.amounts.map((a) => a.year));
                          for (const y of years) if (!used.has(String(y))) line.amounts.push(newCostAmount(String(y)));
                          line.amounts.sort((a, b) => Number(a.year) - Number(b.year));
                        })
                      }
                    >
                      {t('caseForm.fillYears')}
                    </button>
                  </div>
                </Group>
                <button type="button" className="button-danger button-small" onClick={() => edit((d) => void d.costLines.splice(i, 1))}>
                  {t('caseForm.removeCostLine', { n: i + 1 })}
                </button>
              </Group>
            );
          })}
          <button type="button" className="button-secondary" onClick={() => edit((d) => void d.costLines.push(newCostLine(d)))}>
            {t('caseForm.addCostLine')}
          </button>
        </Group>

        <Group name="benefitLines" legend={t('caseForm.benefitLines')} errors={err('benefitLines')} hint={t('caseForm.benefitLinesHint')}>
          {draft.benefitLines.map((line, i) => {
            const p = `benefitLines[${i}]`;
            const adoption = adoptionByYear(line, years);
            return (
              <Group key={line.id} name={p} legend={t('caseForm.benefitLine', { n: i + 1, id: line.id })} errors={err(p)} nested>
                <TextField name={`${p}.description`} label={t('caseForm.description')} value={line.description} errors={err(`${p}.description`)} onChange={(e) => edit((d) => void (d.benefitLines[i]!.description = e.target.value))} />
                <div className="field-row">
                  {departmentField(`${p}.departmentId`, line.departmentId, (v) => edit((d) => void (d.benefitLines[i]!.departmentId = v)), t('caseForm.department'))}
                  <TextField name={`${p}.workProcess`} label={t('caseForm.workProcess')} hint={t('caseForm.workProcessHint')} value={line.workProcess} errors={err(`${p}.workProcess`)} onChange={(e) => edit((d) => void (d.benefitLines[i]!.workProcess = e.target.value))} />
                </div>
                <div className="field-row">
                  <SelectField name={`${p}.benefitClass`} label={t('caseForm.benefitClass')} value={line.benefitClass} errors={err(`${p}.benefitClass`)} onChange={(e) => edit((d) => {
                    const l = d.benefitLines[i]!;
                    l.benefitClass = e.target.value;
                    if (e.target.value === 'unpriced') l.valuation.kind = 'unpriced';
                    else if (l.valuation.kind === 'unpriced') l.valuation.kind = 'time';
                  })}>
                    {BENEFIT_CLASSES.map((k) => <option key={k} value={k}>{label(t, 'benefitClass', k)}</option>)}
                  </SelectField>
                  <SelectField name={`${p}.valuation.kind`} label={t('caseForm.valuation')} value={line.valuation.kind} errors={err(`${p}.valuation.kind`)} onChange={(e) => edit((d) => void (d.benefitLines[i]!.valuation.kind = e.target.value))}>
                    {VALUATION_KINDS.map((k) => <option key={k} value={k}>{label(t, 'valuationKind', k)}</option>)}
                  </SelectField>
                </div>
                {line.valuation.kind === 'time' && (
                  <div className="field-row">
                    <TextField name={`${p}.valuation.casesPerYear`} label={t('caseForm.casesPerYear')} inputMode="numeric" value={line.valuation.casesPerYear} errors={err(`${p}.valuation.casesPerYear`)} onChange={(e) => edit((d) => void (d.benefitLines[i]!.valuation.casesPerYear = e.target.value))} />
                    <TextField name={`${p}.valuation.minutesSavedPerCase`} label={t('caseForm.minutesSavedPerCase')} inputMode="decimal" value={line.valuation.minutesSavedPerCase} errors={err(`${p}.valuation.minutesSavedPerCase`)} onChange={(e) => edit((d) => void (d.benefitLines[i]!.valuation.minutesSavedPerCase = e.target.value))} />
                    <TextField name={`${p}.valuation.hourlyCost`} label={t('caseForm.hourlyCostKr')} inputMode="decimal" value={line.valuation.hourlyCost} errors={err(`${p}.valuation.hourlyCost`)} onChange={(e) => edit((d) => void (d.benefitLines[i]!.valuation.hourlyCost = e.target.value))} />
                  </div>
                )}
                {line.valuation.kind === 'fixed' && (
                  <TextField name={`${p}.valuation.amountPerYear`} label={t('caseForm.amountPerYearKr')} inputMode="decimal" value={line.valuation.amountPerYear} errors={err(`${p}.valuation.amountPerYear`)} onChange={(e) => edit((d) => void (d.benefitLines[i]!.valuation.amountPerYear = e.target.value))} />
                )}
                <Group name={`${p}.adoption`} legend={t('caseForm.adoption')} errors={err(`${p}.adoption`)} hint={t('caseForm.adoptionHint')} nested>
                  <div className="field-row">
                    <TextField name={`${p}.adoption.potentialUsers`} label={t('caseForm.potentialUsers')} inputMode="numeric" value={line.adoption.potentialUsers} errors={err(`${p}.adoption.potentialUsers`)} onChange={(e) => edit((d) => void (d.benefitLines[i]!.adoption.potentialUsers = e.target.value))} />
                    <TextField name={`${p}.adoption.targetAdoptionPct`} label={t('caseForm.targetAdoptionPct')} inputMode="decimal" value={line.adoption.targetAdoptionPct} errors={err(`${p}.adoption.targetAdoptionPct`)} onChange={(e) => edit((d) => void (d.benefitLines[i]!.adoption.targetAdoptionPct = e.target.value))} />
                    <TextField name={`${p}.adoption.rampUpMonths`} label={t('caseForm.rampUpMonths')} inputMode="numeric" value={line.adoption.rampUpMonths} errors={err(`${p}.adoption.rampUpMonths`)} onChange={(e) => edit((d) => void (d.benefitLines[i]!.adoption.rampUpMonths = e.target.value))} />
                    <TextField name={`${p}.adoption.startMonth`} label={t('caseForm.startMonth')} hint={t('caseForm.startMonthHint')} type="month" value={line.adoption.startMonth} errors={err(`${p}.adoption.startMonth`)} onChange={(e) => edit((d) => void (d.benefitLines[i]!.adoption.startMonth = e.target.value))} />
                  </div>
                  {adoption && years.length > 0 && (
                    <div className="table-wrap">
                      <table className="adoption-preview">
                        <caption>{t('caseForm.adoptionPreview')}</caption>
                        <thead>
                          <tr>{years.map((y) => <th key={y} scope="col" className="num">{y}</th>)}</tr>
                        </thead>
                        <tbody>
                          <tr>{adoption.map((a, k) => <td key={years[k]} className="num">{formatPercent(a, i18n.language, 1)}</td>)}</tr>
                        </tbody>
                      </table>
                    </div>
                  )}
                </Group>
                <button type="button" className="button-danger button-small" onClick={() => edit((d) => {
                  const removed = d.benefitLines[i]!.id;
                  d.benefitLines.splice(i, 1);
                  for (const g of d.benefitMap.goals) for (const b of g.benefits) b.benefitLineIds = b.benefitLineIds.filter((id) => id !== removed);
                })}>
                  {t('caseForm.removeBenefitLine', { n: i + 1 })}
                </button>
              </Group>
            );
          })}
          <button type="button" className="button-secondary" onClick={() => edit((d) => void d.benefitLines.push(newBenefitLine(d)))}>
            {t('caseForm.addBenefitLine')}
          </button>
        </Group>

        <Group name="benefitMap" legend={t('caseForm.benefitMap')} errors={err('benefitMap')} hint={t('caseForm.benefitMapHint')}>
          <TextArea name="benefitMap.purpose" label={t('caseForm.purpose')} rows={2} value={draft.benefitMap.purpose} errors={err('benefitMap.purpose')} onChange={(e) => edit((d) => void (d.benefitMap.purpose = e.target.value))} />
          {draft.benefitMap.goals.map((goal, g) => {
            const gp = `benefitMap.goals[${g}]`;
            return (
              <Group key={goal.id} name={gp} legend={t('caseForm.goalN', { n: g + 1 })} errors={err(gp)} nested>
                <TextField name={`${gp}.title`} label={t('caseForm.goalTitle')} value={goal.title} errors={err(`${gp}.title`)} onChange={(e) => edit((d) => void (d.benefitMap.goals[g]!.title = e.target.value))} />
                {goal.benefits.map((benefit, b) => {
                  const bp = `${gp}.benefits[${b}]`;
                  return (
                    <Group key={benefit.id} name={bp} legend={t('caseForm.mapBenefitN', { n: b + 1, goal: g + 1 })} errors={err(bp)} nested>
                      <TextField name={`${bp}.title`} label={t('caseForm.mapBenefitTitle')} value={benefit.title} errors={err(`${bp}.title`)} onChange={(e) => edit((d) => void (d.benefitMap.goals[g]!.benefits[b]!.title = e.target.value))} />
                      {draft.benefitLines.length > 0 && (
                        <fieldset className="checkboxes" id={fieldId(`${bp}.benefitLineIds`)} tabIndex={-1}>
                          <legend>{t('caseForm.pricedBy')}</legend>
                          {err(`${bp}.benefitLineIds`) && <p className="field-error">{err(`${bp}.benefitLineIds`)!.join(' · ')}</p>}
                          {draft.benefitLines.map((l, k) => (
                            <label key={l.id} className="checkbox">
                              <input
                                type="checkbox"
                                checked={benefit.benefitLineIds.includes(l.id)}
                                onChange={(e) =>
                                  edit((d) => {
                                    const ids = d.benefitMap.goals[g]!.benefits[b]!.benefitLineIds;
                                    d.benefitMap.goals[g]!.benefits[b]!.benefitLineIds = e.target.checked ? [...ids, l.id] : ids.filter((x) => x !== l.id);
                                  })
                                }
                              />{' '}
                              {t('caseForm.benefitLine', { n: k + 1, id: l.id })}
                              {l.description && `: ${l.description}`}
                            </label>
                          ))}
                        </fieldset>
                      )}
                      {benefit.deliverables.map((del, x) => {
                        const dp = `${bp}.deliverables[${x}]`;
                        return (
                          <div className="field-row" key={del.id}>
                            <TextField name={`${dp}.title`} label={t('caseForm.deliverableN', { n: x + 1 })} value={del.title} errors={err(`${dp}.title`) ?? err(dp)} onChange={(e) => edit((d) => void (d.benefitMap.goals[g]!.benefits[b]!.deliverables[x]!.title = e.target.value))} />
                            <div className="field field-button">
                              <button type="button" className="button-secondary button-small" onClick={() => edit((d) => void d.benefitMap.goals[g]!.benefits[b]!.deliverables.splice(x, 1))}>
                                {t('caseForm.remove')}
                                <span className="visually-hidden"> {t('caseForm.deliverableN', { n: x + 1 })}</span>
                              </button>
                            </div>
                          </div>
                        );
                      })}
                      <div className="actions">
                        <button type="button" className="button-secondary button-small" onClick={() => edit((d) => void d.benefitMap.goals[g]!.benefits[b]!.deliverables.push({ id: nextId('d', allIds(d)), title: '' }))}>
                          {t('caseForm.addDeliverable')}
                        </button>
                        <button type="button" className="button-secondary button-small" onClick={() => edit((d) => void d.benefitMap.goals[g]!.benefits.splice(b, 1))}>
                          {t('caseForm.removeMapBenefit', { n: b + 1 })}
                        </button>
                      </div>
                    </Group>
                  );
                })}
                <div className="actions">
                  <button type="button" className="button-secondary button-small" onClick={() => edit((d) => void d.benefitMap.goals[g]!.benefits.push({ id: nextId('m', allIds(d)), title: '', benefitLineIds: [], deliverables: [] }))}>
                    {t('caseForm.addMapBenefit')}
                  </button>
                  <button type="button" className="button-secondary button-small" onClick={() => edit((d) => void d.benefitMap.goals.splice(g, 1))}>
                    {t('caseForm.removeGoal', { n: g + 1 })}
                  </button>
                </div>
              </Group>
            );
          })}
          <button type="button" className="button-secondary" onClick={() => edit((d) => void d.benefitMap.goals.push({ id: nextId('g', allIds(d)), title: '', benefits: [] }))}>
            {t('caseForm.addGoal')}
          </button>
        </Group>

        <Preview body={checked.body} valid={checked.errors.filter((e) => e.name !== 'reason').length === 0} rate={settings.state === 'ok' ? settings.data.discountRatePct : undefined} />

        {checked.warnings.length > 0 && (
          <section className="notice" aria-labelledby="form-warnings">
            <h2 id="form-warnings">{t('caseDetail.warnings')}</h2>
            <ul>
              {checked.warnings.map((w, i) => (
                <li key={`${w.code}-${i}`}>{t(`warning.${w.code}`, { defaultValue: w.message })}</li>
              ))}
            </ul>
          </section>
        )}

        <fieldset>
          <legend>{t('caseForm.submitSection')}</legend>
          <TextArea name="reason" label={t('caseForm.reason')} hint={t('caseForm.reasonHint')} rows={2} value={draft.reason} errors={err('reason')} onChange={(e) => edit((d) => void (d.reason = e.target.value))} />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {existing ? t('caseForm.saveRevision') : t('caseForm.create')}
            </button>
            <button type="button" className="button-secondary" onClick={() => navigate(existing ? `/cases/${existing.caseId}` : '/cases')}>
              {t('common.cancel')}
            </button>
            {busy && <span role="status">{t('caseForm.saving')}</span>}
          </div>
        </fieldset>
      </form>
    </>
  );
}

/** Key figures of the draft as typed, computed in the browser with the domain's economics. */
function Preview({ body, valid, rate }: { body: Record<string, unknown>; valid: boolean; rate: number | undefined }) {
  const { t, i18n } = useTranslation();
  const e = rate === undefined ? null : previewEconomics(body, valid, rate);
  return (
    <section className="panel preview" aria-labelledby="preview-title" data-testid="preview">
      <h2 id="preview-title">{t('caseForm.preview')}</h2>
      {e ? (
        <>
          <p className="muted">{t('caseForm.previewNote', { rate: formatPercent(e.discountRatePct / 100, i18n.language, 2) })}</p>
          <dl className="kpis">
            <div className="kpi"><dt>{t('economics.npv')}</dt><dd><Money ore={e.npv} /></dd></div>
            <div className="kpi"><dt>{t('economics.payback')}</dt><dd><PaybackText payback={e.payback} /></dd></div>
            <div className="kpi"><dt>{t('economics.totalCosts')}</dt><dd><Money ore={e.totals.costs} /></dd></div>
            <div className="kpi"><dt>{t('economics.totalBudgetEffective')}</dt><dd><Money ore={e.totals.budgetEffective} /></dd></div>
          </dl>
        </>
      ) : (
        <p className="muted">{t('caseForm.previewPending')}</p>
      )}
    </section>
  );
}

/**
 * A fieldset that can carry an error of its own (e.g. "costLines[0].amounts needs at least one
 * year"); its id is the field id of its path, so the error summary can link to it.
 */
function Group({ name, legend, errors, hint, nested, children }: { name: string; legend: ReactNode; errors?: string[]; hint?: ReactNode; nested?: boolean; children: ReactNode }) {
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset id={id} tabIndex={-1} className={`${nested ? 'nested' : ''}${errors?.length ? ' field-invalid' : ''}`} aria-describedby={described}>
      <legend>{legend}</legend>
      {hint && <p className="field-hint" id={`${id}-hint`}>{hint}</p>}
      {errors?.length ? <p className="field-error" id={`${id}-error`}>{errors.join(' · ')}</p> : null}
      {children}
    </fieldset>
  );
}
