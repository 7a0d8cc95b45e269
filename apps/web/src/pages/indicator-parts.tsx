import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useCapabilities } from '../api/capabilities';
import { ApiError } from '../api/problem';
import { useCommand } from '../api/use-command';
import { useResource } from '../api/use-resource';
import {
  INDICATOR_DIRECTIONS,
  INDICATOR_KINDS,
  INDICATOR_UNITS,
  type BenefitLine,
  type IndicatorUnit,
  type IndicatorView,
  type IndicatorsView,
  type Measurement,
  type RealisationWrite,
} from '../api/types';
import type { Role } from '../auth/roles';
import { IndicatorChart } from '../components/charts';
import { ErrorBanner, ErrorSummary, ResourceView } from '../components/feedback';
import { SelectField, TextArea, TextField } from '../components/fields';
import { label, When } from '../components/labels';
import { formatMoney, formatNumber, oreToInput, parseKrToOre } from '../format';

export const INDICATORS = { method: 'GET', path: '/api/business-cases/{caseId}/indicators' };
const DEFINE = { method: 'POST', path: '/api/business-cases/{caseId}/indicators' };
const RECORD = { method: 'POST', path: '/api/business-cases/{caseId}/measurements' };
const CORRECT = { method: 'POST', path: '/api/business-cases/{caseId}/measurements/{measurementId}/corrections' };
const TRAJECTORY = { method: 'PUT', path: '/api/business-cases/{caseId}/indicators/{indicatorId}/trajectory' };

/** Who may do what (apps/api/src/realisation/realisation.controller.ts @Roles). */
export const MAY_DEFINE: readonly Role[] = ['case-author', 'finance'];
export const MAY_MEASURE: readonly Role[] = ['case-author', 'finance', 'admin'];

/** A value in the indicator's unit, the Danish way ("37,5 %", "1.234 kr.", "12 timer"). */
export function formatIndicatorValue(t: TFunction, lang: string, unit: IndicatorUnit | string, value: number): string {
  if (unit === 'ore') return formatMoney(value, lang);
  return t(`indicator.value.${unit}`, { value: formatNumber(value, lang, 2), defaultValue: formatNumber(value, lang, 2) });
}

/** A number typed the Danish way ("37,5"); kroner for an amount (→ øre). Null when it is not one. */
export function parseIndicatorValue(unit: IndicatorUnit | string, text: string): number | null {
  if (unit === 'ore') return parseKrToOre(text);
  const cleaned = text.trim().replace(/\s/g, '');
  if (!/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/.test(cleaned) && !/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  const normalised = /,/.test(cleaned) ? cleaned.replace(/\./g, '').replace(',', '.') : cleaned;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : null;
}

const thisMonth = (): string => new Date().toISOString().slice(0, 7);

/** Fetches a case's indicators (as of a month, optionally) and shows them with their charts. */
export function useIndicators(caseId: string, asOf?: string) {
  return useResource<IndicatorsView>(INDICATORS, `/api/business-cases/${encodeURIComponent(caseId)}/indicators`, asOf ? { asOf } : undefined);
}

/** One indicator: its definition, the chart of plan against measurements, and the measurements. */
export function IndicatorCard({ indicator, caseId, role, onChanged, headingLevel = 3 }: { indicator: IndicatorView; caseId: string; role: Role; onChanged?: () => void; headingLevel?: 3 | 4 }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const fmt = (v: number) => formatIndicatorValue(t, lang, indicator.unit, v);
  const H = headingLevel === 3 ? 'h3' : 'h4';
  const latest = [...indicator.measurements].filter((m) => !m.supersededBy).sort((a, b) => (a.period < b.period ? 1 : -1))[0];
  const planned = indicator.chart.find((p) => latest && p.period === (latest.period.length === 4 ? `${latest.period}-12` : latest.period))?.planned;
  return (
    <article className="panel indicator" data-testid={`indicator-${indicator.indicatorId}`} aria-labelledby={`indicator-${indicator.indicatorId}-title`}>
      <H id={`indicator-${indicator.indicatorId}-title`}>{indicator.name}</H>
      <dl className="facts compact">
        <div><dt>{t('indicator.kind')}</dt><dd>{label(t, 'indicatorKind', indicator.kind)}</dd></div>
        <div><dt>{t('indicator.unit')}</dt><dd>{label(t, 'indicatorUnit', indicator.unit)}</dd></div>
        <div><dt>{t('indicator.direction')}</dt><dd>{label(t, 'indicatorDirection', indicator.direction)}</dd></div>
        <div><dt>{t('indicator.baseline')}</dt><dd>{fmt(indicator.baseline.value)} <span className="muted">({indicator.baseline.date})</span></dd></div>
        <div><dt>{t('indicator.target')}</dt><dd>{fmt(indicator.target.value)}{indicator.target.date && <span className="muted"> ({indicator.target.date})</span>}</dd></div>
        <div><dt>{t('indicator.benefitLines')}</dt><dd>{indicator.benefitLineIds.join(', ')}</dd></div>
        <div>
          <dt>{t('indicator.trajectory')}</dt>
          <dd data-testid="trajectory-origin">
            {indicator.trajectoryOrigin.kind === 'adoption-curve' ? t('indicator.fromCurve') : t('indicator.manual')}
            {indicator.edits.length > 0 && (
              <div className="muted">
                {t('indicator.replannedBy', { who: indicator.edits[indicator.edits.length - 1]!.by, reason: indicator.edits[indicator.edits.length - 1]!.reason })} <When at={indicator.edits[indicator.edits.length - 1]!.at} />
              </div>
            )}
          </dd>
        </div>
        {latest && (
          <div>
            <dt>{t('indicator.latest')}</dt>
            <dd data-testid="latest-measurement">
              {t('indicator.latestText', { value: fmt(latest.value), period: latest.period })}
              {planned !== undefined && <> · {t('indicator.againstPlan', { planned: fmt(planned) })}</>}
            </dd>
          </div>
        )}
      </dl>
      {indicator.chart.length > 0 && (
        <figure className="chart">
          <figcaption className="visually-hidden">{t('indicator.chartCaption', { name: indicator.name })}</figcaption>
          <IndicatorChart
            periods={indicator.chart.map((p) => p.period)}
            planned={indicator.chart.map((p) => p.planned)}
            measured={indicator.chart.map((p) => p.measured)}
            format={fmt}
            labels={{ planned: t('indicator.planned'), measured: t('indicator.measured') }}
            label={t('indicator.chartAlt', { name: indicator.name, count: indicator.measurements.filter((m) => !m.supersededBy).length })}
          />
        </figure>
      )}
      <MeasurementsTable indicator={indicator} caseId={caseId} role={role} onChanged={onChanged} />
      {onChanged && MAY_DEFINE.includes(role) && <TrajectoryForm indicator={indicator} caseId={caseId} onDone={onChanged} />}
    </article>
  );
}

function MeasurementsTable({ indicator, caseId, role, onChanged }: { indicator: IndicatorView; caseId: string; role: Role; onChanged?: (() => void) | undefined }) {
  const { t, i18n } = useTranslation();
  const capabilities = useCapabilities();
  const mayCorrect = MAY_MEASURE.includes(role) && !!onChanged && capabilities.has(CORRECT.method, CORRECT.path);
  const [correcting, setCorrecting] = useState<string | null>(null);
  const fmt = (v: number) => formatIndicatorValue(t, i18n.language, indicator.unit, v);
  if (!indicator.measurements.length) return <p className="muted">{t('indicator.noMeasurements')}</p>;
  const rows = [...indicator.measurements].sort((a, b) => (a.period === b.period ? (a.recordedAt < b.recordedAt ? -1 : 1) : a.period < b.period ? -1 : 1));
  return (
    <div className="table-wrap">
      <table data-testid="measurements">
        <caption>{t('indicator.measurementsCaption', { name: indicator.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicator.period')}</th>
            <th scope="col" className="num">{t('indicator.valueColumn')}</th>
            <th scope="col">{t('indicator.source')}</th>
            <th scope="col">{t('indicator.recorded')}</th>
            <th scope="col">{t('indicator.state')}</th>
            {mayCorrect && <th scope="col">{t('indicator.correct')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.measurementId} data-measurement={m.measurementId} className={m.supersededBy ? 'superseded' : undefined}>
              <th scope="row">{m.period}{m.date && <div className="muted">{m.date}</div>}</th>
              <td className="num">{m.supersededBy ? <del>{fmt(m.value)}</del> : fmt(m.value)}</td>
              <td>{m.source.kind === 'system' ? t('indicator.sourceSystem', { system: m.source.system }) : t('indicator.sourceManual')}</td>
              <td>{m.recordedBy} <When at={m.recordedAt} /></td>
              <td>
                {m.supersededBy ? t('indicator.superseded') : m.supersedes ? t('indicator.correction') : t('indicator.inForce')}
                {m.reason && <div className="muted">{m.reason}</div>}
              </td>
              {mayCorrect && (
                <td>
                  {!m.supersededBy &&
                    (correcting === m.measurementId ? (
                      <CorrectionForm measurement={m} unit={indicator.unit} caseId={caseId} onDone={() => { setCorrecting(null); onChanged?.(); }} onCancel={() => setCorrecting(null)} />
                    ) : (
                      <button type="button" className="button-small button-secondary" onClick={() => setCorrecting(m.measurementId)}>
                        {t('indicator.correct')}
                        <span className="visually-hidden"> {t('indicator.measurementLabel', { name: indicator.name, period: m.period })}</span>
                      </button>
                    ))}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CorrectionForm({ measurement, unit, caseId, onDone, onCancel }: { measurement: Measurement; unit: IndicatorUnit; caseId: string; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { run, busy, error, setError } = useCommand();
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string[]>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string[]> = {};
    const parsed = parseIndicatorValue(unit, value);
    if (parsed === null) errors['value'] = [unit === 'ore' ? t('form.parse.money') : t('form.parse.decimal')];
    if (!reason.trim()) errors['reason'] = [t('validation.required')];
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const answer = await run<RealisationWrite>('POST', `/api/business-cases/${encodeURIComponent(caseId)}/measurements/${encodeURIComponent(measurement.measurementId)}/corrections`, { value: parsed, reason });
    if (answer) onDone();
  };
  const err = (n: string) => local[n] ?? error?.fieldErrors[n];
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('indicator.correctTitle', { period: measurement.period })}>
      <ErrorBanner error={error && !error.invalidParams.length ? error : null} onDismiss={() => setError(null)} />
      <TextField name="correction.value" label={t('indicator.correctValue', { unit: label(t, 'indicatorUnit', unit) })} inputMode="decimal" className="field-narrow" value={value} errors={err('value')} onChange={(e) => setValue(e.target.value)} autoFocus />
      <TextArea name="correction.reason" label={t('indicator.correctReason')} rows={2} value={reason} errors={err('reason')} onChange={(e) => setReason(e.target.value)} />
      <div className="actions">
        <button type="submit" className="button-small" disabled={busy}>{t('indicator.saveCorrection')}</button>
        <button type="button" className="button-small button-secondary" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

/** The case's indicators, and (for the roles the API allows) forms to define one and record a measurement. */
export function IndicatorsPanel({ caseId, role, benefitLines, onChanged }: { caseId: string; role: Role; benefitLines: readonly BenefitLine[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const capabilities = useCapabilities();
  const indicators = useIndicators(caseId);
  const changed = () => {
    indicators.reload();
    onChanged();
  };
  return (
    <section aria-labelledby="indicators-title">
      <h3 id="indicators-title">{t('indicator.title')}</h3>
      <ResourceView resource={indicators} feature={t('indicator.title')}>
        {(v) => (
          <>
            {v.indicators.length === 0 && <p className="muted">{t('indicator.none')}</p>}
            {v.indicators.map((i) => (
              <IndicatorCard key={i.indicatorId} indicator={i} caseId={caseId} role={role} onChanged={changed} />
            ))}
            {MAY_MEASURE.includes(role) && v.indicators.length > 0 && capabilities.has(RECORD.method, RECORD.path) && <MeasurementForm caseId={caseId} indicators={v.indicators} onDone={changed} />}
            {MAY_DEFINE.includes(role) && capabilities.has(DEFINE.method, DEFINE.path) && <DefineIndicatorForm caseId={caseId} benefitLines={benefitLines} onDone={changed} />}
          </>
        )}
      </ResourceView>
    </section>
  );
}

function EvaluationNote({ write }: { write: RealisationWrite | null }) {
  const { t } = useTranslation();
  if (!write) return null;
  const colour = write.evaluation?.colour;
  return <p className="success">{t('indicator.saved')} {colour ? t('indicator.evaluated', { colour: label(t, 'colour', colour) }) : t('indicator.notEvaluated')}</p>;
}

function MeasurementForm({ caseId, indicators, onDone }: { caseId: string; indicators: IndicatorView[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { run, busy, error, setError } = useCommand();
  const [indicatorId, setIndicatorId] = useState(indicators[0]?.indicatorId ?? '');
  const [value, setValue] = useState('');
  const [period, setPeriod] = useState(thisMonth());
  const [date, setDate] = useState('');
  const [local, setLocal] = useState<ApiError | null>(null);
  const [written, setWritten] = useState<RealisationWrite | null>(null);
  const indicator = indicators.find((i) => i.indicatorId === indicatorId) ?? indicators[0]!;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setWritten(null);
    const params: { name: string; reason: string }[] = [];
    const parsed = parseIndicatorValue(indicator.unit, value);
    if (parsed === null) params.push({ name: 'value', reason: indicator.unit === 'ore' ? t('form.parse.money') : t('form.parse.decimal') });
    if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(period.trim())) params.push({ name: 'period', reason: t('indicator.periodFormat') });
    if (params.length) {
      setLocal(new ApiError({ status: 400, code: 'validation', 'invalid-params': params }));
      return;
    }
    setLocal(null);
    const body = { indicatorId: indicator.indicatorId, value: parsed, unit: indicator.unit, period: period.trim(), ...(date ? { date } : {}) };
    const answer = await run<RealisationWrite>('POST', `/api/business-cases/${encodeURIComponent(caseId)}/measurements`, body);
    if (answer) {
      setWritten(answer);
      setValue('');
      onDone();
    }
  };
  const fieldErrors = { ...(error?.fieldErrors ?? {}), ...(local?.fieldErrors ?? {}) };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="measure-title" data-testid="measurement-form">
      <h3 id="measure-title">{t('indicator.record')}</h3>
      <ErrorSummary error={local ?? (error && error.invalidParams.length ? error : null)} />
      <ErrorBanner error={error && !error.invalidParams.length ? error : null} onDismiss={() => setError(null)} />
      <div className="field-row">
        <SelectField name="indicatorId" label={t('indicator.indicator')} value={indicator.indicatorId} errors={fieldErrors['indicatorId'] ?? fieldErrors['unit']} onChange={(e) => setIndicatorId(e.target.value)}>
          {indicators.map((i) => <option key={i.indicatorId} value={i.indicatorId}>{i.name}</option>)}
        </SelectField>
        <TextField name="value" label={t('indicator.valueIn', { unit: label(t, 'indicatorUnit', indicator.unit) })} inputMode="decimal" className="field-narrow" value={value} errors={fieldErrors['value']} onChange={(e) => setValue(e.target.value)} />
        <TextField name="period" label={t('indicator.period')} hint={t('indicator.periodHint')} type="month" className="field-narrow" value={period} errors={fieldErrors['period']} onChange={(e) => setPeriod(e.target.value)} />
        <TextField name="date" label={t('indicator.dateOptional')} type="date" className="field-narrow" value={date} errors={fieldErrors['date']} onChange={(e) => setDate(e.target.value)} />
      </div>
      <button type="submit" disabled={busy}>{t('indicator.recordButton')}</button>
      <div role="status" aria-live="polite" data-testid="measurement-saved"><EvaluationNote write={written} /></div>
    </form>
  );
}

function DefineIndicatorForm({ caseId, benefitLines, onDone }: { caseId: string; benefitLines: readonly BenefitLine[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { run, busy, error, setError } = useCommand();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [unit, setUnit] = useState<IndicatorUnit>('percent');
  const [kind, setKind] = useState('adoption');
  const [direction, setDirection] = useState('');
  const [lines, setLines] = useState<string[]>(benefitLines[0] ? [benefitLines[0].id] : []);
  const [baselineValue, setBaselineValue] = useState('0');
  const [baselineDate, setBaselineDate] = useState('');
  const [targetValue, setTargetValue] = useState('');
  const [targetDate, setTargetDate] = useState('');
  const [local, setLocal] = useState<ApiError | null>(null);
  const [written, setWritten] = useState<RealisationWrite | null>(null);

  if (!open) {
    return (
      <p>
        <button type="button" className="button-secondary" onClick={() => setOpen(true)}>{t('indicator.define')}</button>
      </p>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setWritten(null);
    const params: { name: string; reason: string }[] = [];
    const base = parseIndicatorValue(unit, baselineValue);
    const target = targetValue.trim() === '' ? undefined : parseIndicatorValue(unit, targetValue);
    if (!name.trim()) params.push({ name: 'name', reason: t('validation.required') });
    if (!lines.length) params.push({ name: 'benefitLineIds', reason: t('indicator.pickLine') });
    if (base === null) params.push({ name: 'baseline.value', reason: t('form.parse.decimal') });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(baselineDate)) params.push({ name: 'baseline.date', reason: t('validation.required') });
    if (target === null) params.push({ name: 'target.value', reason: t('form.parse.decimal') });
    if (kind === 'leading' && !direction) params.push({ name: 'direction', reason: t('indicator.directionRequired') });
    if (params.length) {
      setLocal(new ApiError({ status: 400, code: 'validation', 'invalid-params': params }));
      return;
    }
    setLocal(null);
    const body = {
      name: name.trim(),
      unit,
      kind,
      ...(direction ? { direction } : {}),
      benefitLineIds: lines,
      baseline: { value: base, date: baselineDate },
      ...(target !== undefined ? { target: { value: target, ...(targetDate ? { date: targetDate } : {}) } } : {}),
    };
    const answer = await run<RealisationWrite>('POST', `/api/business-cases/${encodeURIComponent(caseId)}/indicators`, body);
    if (answer) {
      setWritten(answer);
      setName('');
      onDone();
    }
  };
  const fieldErrors = { ...(error?.fieldErrors ?? {}), ...(local?.fieldErrors ?? {}) };
  const errs = (n: string) => fieldErrors[n] ?? (n.includes('.') ? fieldErrors[n.split('.')[0]!] : undefined);
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="define-title" data-testid="indicator-form">
      <h3 id="define-title">{t('indicator.define')}</h3>
      <p className="muted">{t('indicator.defineLead')}</p>
      <ErrorSummary error={local ?? (error && error.invalidParams.length ? error : null)} />
      <ErrorBanner error={error && !error.invalidParams.length ? error : null} onDismiss={() => setError(null)} />
      <TextField name="name" label={t('indicator.name')} className="field-wide" value={name} errors={errs('name')} onChange={(e) => setName(e.target.value)} />
      <div className="field-row">
        <SelectField name="unit" label={t('indicator.unit')} value={unit} errors={errs('unit')} onChange={(e) => setUnit(e.target.value as IndicatorUnit)}>
          {INDICATOR_UNITS.map((u) => <option key={u} value={u}>{label(t, 'indicatorUnit', u)}</option>)}
        </SelectField>
        <SelectField name="kind" label={t('indicator.kind')} value={kind} errors={errs('kind')} onChange={(e) => setKind(e.target.value)}>
          {INDICATOR_KINDS.map((k) => <option key={k} value={k}>{label(t, 'indicatorKind', k)}</option>)}
        </SelectField>
        <SelectField name="direction" label={t('indicator.direction')} value={direction} errors={errs('direction')} onChange={(e) => setDirection(e.target.value)}>
          <option value="">{t('indicator.directionDefault')}</option>
          {INDICATOR_DIRECTIONS.map((d) => <option key={d} value={d}>{label(t, 'indicatorDirection', d)}</option>)}
        </SelectField>
      </div>
      <fieldset id="field-benefitLineIds" className="field" aria-describedby={errs('benefitLineIds') ? 'field-benefitLineIds-error' : undefined}>
        <legend>{t('indicator.benefitLines')}</legend>
        {errs('benefitLineIds') && <p className="field-error" id="field-benefitLineIds-error">{errs('benefitLineIds')!.join(' · ')}</p>}
        {benefitLines.map((l) => (
          <label key={l.id} className="checkbox">
            <input type="checkbox" checked={lines.includes(l.id)} onChange={(e) => setLines(e.target.checked ? [...lines, l.id] : lines.filter((x) => x !== l.id))} /> {l.description || l.id} <span className="muted">({l.id})</span>
          </label>
        ))}
      </fieldset>
      <div className="field-row">
        <TextField name="baseline.value" label={t('indicator.baselineValue')} inputMode="decimal" className="field-narrow" value={baselineValue} errors={errs('baseline.value')} onChange={(e) => setBaselineValue(e.target.value)} />
        <TextField name="baseline.date" label={t('indicator.baselineDate')} type="date" className="field-narrow" value={baselineDate} errors={errs('baseline.date')} onChange={(e) => setBaselineDate(e.target.value)} />
        <TextField name="target.value" label={t('indicator.targetValue')} hint={t('indicator.targetHint')} inputMode="decimal" className="field-narrow" value={targetValue} errors={errs('target.value')} onChange={(e) => setTargetValue(e.target.value)} />
        <TextField name="target.date" label={t('indicator.targetDate')} type="date" className="field-narrow" value={targetDate} errors={errs('target.date')} onChange={(e) => setTargetDate(e.target.value)} />
      </div>
      <p className="muted">{t('indicator.trajectoryHint')}</p>
      <div className="actions">
        <button type="submit" disabled={busy}>{t('indicator.defineButton')}</button>
        <button type="button" className="button-secondary" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
      <div role="status" aria-live="polite"><EvaluationNote write={written} /></div>
    </form>
  );
}

/** "2026-03: 40" per line → trajectory points; null with the line that is not one. */
export function parsePoints(unit: IndicatorUnit, text: string): { points: { period: string; value: number }[] } | { bad: string } {
  const points: { period: string; value: number }[] = [];
  for (const raw of text.split(/\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^(\d{4}(?:-(?:0[1-9]|1[0-2]))?)\s*[:=]\s*(.+)$/.exec(line);
    const value = match ? parseIndicatorValue(unit, match[2]!) : null;
    if (!match || value === null) return { bad: line };
    points.push({ period: match[1]!, value });
  }
  return { points };
}

/** Re-plan an indicator (e.g. after a delay): manual points, or the approved adoption curve again; a reason is required. */
function TrajectoryForm({ indicator, caseId, onDone }: { indicator: IndicatorView; caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const capabilities = useCapabilities();
  const { run, busy, error, setError } = useCommand();
  const [open, setOpen] = useState(false);
  const [source, setSource] = useState<'manual' | 'adoption-curve'>('manual');
  const [points, setPoints] = useState(() => indicator.trajectory.map((p) => `${p.period}: ${indicator.unit === 'ore' ? oreToInput(p.value) : String(p.value).replace('.', ',')}`).join('\n'));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string[]>>({});
  if (!capabilities.has(TRAJECTORY.method, TRAJECTORY.path)) return null;
  const id = indicator.indicatorId;
  if (!open) {
    return (
      <p>
        <button type="button" className="button-small button-secondary" onClick={() => setOpen(true)}>
          {t('indicator.replan')}
          <span className="visually-hidden"> {indicator.name}</span>
        </button>
      </p>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string[]> = {};
    const parsed = source === 'manual' ? parsePoints(indicator.unit, points) : { points: [] };
    if ('bad' in parsed) errors['trajectory.points'] = [t('indicator.pointsFormat', { line: parsed.bad })];
    else if (source === 'manual' && !parsed.points.length) errors['trajectory.points'] = [t('indicator.pointsRequired')];
    if (!reason.trim()) errors['reason'] = [t('validation.required')];
    setLocal(errors);
    if (Object.keys(errors).length || 'bad' in parsed) return;
    const trajectory = source === 'manual' ? { source, points: parsed.points } : { source };
    const answer = await run('PUT', `/api/business-cases/${encodeURIComponent(caseId)}/indicators/${encodeURIComponent(id)}/trajectory`, { trajectory, reason });
    if (answer) {
      setOpen(false);
      setReason('');
      onDone();
    }
  };
  const err = (n: string) => local[n] ?? error?.fieldErrors[n] ?? (n === 'trajectory.points' ? error?.fieldErrors['trajectory'] : undefined);
  return (
    <form className="inline-form panel" onSubmit={(e) => void submit(e)} noValidate aria-label={t('indicator.replanTitle', { name: indicator.name })} data-testid={`trajectory-form-${id}`}>
      <ErrorBanner error={error && !error.invalidParams.length ? error : null} onDismiss={() => setError(null)} />
      <SelectField name={`${id}.trajectory.source`} label={t('indicator.trajectorySource')} value={source} onChange={(e) => setSource(e.target.value as 'manual' | 'adoption-curve')}>
        <option value="manual">{t('indicator.manualPoints')}</option>
        <option value="adoption-curve">{t('indicator.curveAgain')}</option>
      </SelectField>
      {source === 'manual' && (
        <TextArea name={`${id}.trajectory.points`} label={t('indicator.points', { unit: label(t, 'indicatorUnit', indicator.unit) })} hint={t('indicator.pointsHint')} rows={4} value={points} errors={err('trajectory.points')} onChange={(e) => setPoints(e.target.value)} />
      )}
      <TextArea name={`${id}.reason`} label={t('indicator.replanReason')} rows={2} value={reason} errors={err('reason')} onChange={(e) => setReason(e.target.value)} />
      <div className="actions">
        <button type="submit" className="button-small" disabled={busy}>{t('indicator.saveTrajectory')}</button>
        <button type="button" className="button-small button-secondary" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
