import { createHash } from 'node:crypto';
import type { RealisationColour, RealisationReport, RealisationReportFiguresOf, RealisationReportIndicator, RealisationReportMeasurement } from '@gevinst/domain';

/**
 * The realisation report as a document a person reads and prints: one self-contained HTML page
 * (no script, no external resource; its one style sheet allowed by hash), headings and tables
 * with captions and header cells for screen readers, colours always spelled out. Every string
 * that came from a user (titles, names, reasons, comments, ids) is escaped.
 */

export type ReportLanguage = 'da' | 'en';

/** Facts about how the report was made, beside its figures. */
export interface ReportMeta {
  readonly generatedAt: string;
  /** Why this month: asked for, a year after go-live, or this month. */
  readonly asOfBasis: 'requested' | 'one-year-after-go-live' | 'this-month';
  readonly requestedAsOfPeriod: string | null;
  readonly computedThrough: string | null;
  /** The as-of month has not ended yet: its figures may still change. */
  readonly preliminary: boolean;
}

const TEXT = {
  da: {
    title: 'Gevinstrealiseringsrapport',
    case: 'Business case',
    caseId: 'Sags-id',
    status: 'Status',
    departments: 'Afdelinger',
    approved: 'Godkendt revision',
    approvedBy: (rev: string, by: string, at: string) => `revision ${rev}, godkendt af ${by} ${at}`,
    notApproved: 'Ikke godkendt',
    goLive: 'Idriftsat',
    notLive: 'Ikke idriftsat',
    asOf: 'Opgjort pr.',
    reportYear: 'Rapportår',
    generated: 'Udskrevet',
    tolerances: 'Tolerancer',
    tolerancesText: (g: string, a: string) => `grøn fra ${g} af planen, gul fra ${a}, ellers rød`,
    asOfBasis: { requested: 'valgt måned', 'one-year-after-go-live': 'et år efter idriftsættelse', 'this-month': 'denne måned' },
    preliminary: 'Foreløbig: opgørelsesmåneden er ikke afsluttet, og tallene kan ændre sig.',
    clamped: (req: string, through: string) => `Der blev bedt om ${req}; tallene er beregnet til og med ${through}.`,
    summary: 'Sammenfatning',
    summaryCaption: 'Planlagt og realiseret budgetvirkende gevinst',
    period: 'Periode',
    toDate: 'Til dato',
    planned: 'Planlagt',
    realised: 'Realiseret',
    deviation: 'Afvigelse',
    deviationPct: 'Afvigelse %',
    realisedPct: 'Realiseret %',
    colourOfFigures: 'Farve efter tallene',
    evaluatedColour: 'Registreret farve ved opgørelsen',
    notEvaluated: 'ikke vurderet',
    harvested: 'Høstet (bogførte reduktioner)',
    retained: 'Bliver i afdelingen',
    ahead: 'Høstet forud for realiseret',
    lines: 'Gevinster pr. gevinstlinje',
    noLines: 'Den godkendte revision har ingen budgetvirkende gevinstlinjer.',
    lineDetails: (dept: string, wp: string | null) => `Afdeling ${dept}${wp ? `, arbejdsgang ${wp}` : ''}`,
    byYear: 'Pr. år',
    year: 'År',
    plannedFullYear: 'Planlagt hele året',
    monthsOfReportYear: 'Pr. måned i rapportåret',
    month: 'Måned',
    basis: 'Grundlag',
    noEvidence: 'ingen måling',
    capped: 'loft',
    yearly: (years: string) => `Følges i årstal for ${years}: årets gevinst står i december.`,
    excluded: 'Ikke budgetvirkende gevinstlinjer (ikke med i beløbene)',
    indicators: 'Indikatorer',
    noIndicators: 'Sagen har ingen indikatorer.',
    kindLabel: 'Type',
    kind: { leading: 'ledende', adoption: 'anvendelsesgrad', lagging: 'bagudskuende (målt besparelse)' },
    direction: { 'higher-is-better': 'højere er bedre', 'lower-is-better': 'lavere er bedre' },
    baseline: 'Nulpunktsmåling',
    target: 'Mål',
    trajectory: 'Planlagt forløb',
    trajectoryOrigin: { manual: 'indtastet', 'adoption-curve': 'fra anvendelsesgraden' },
    edits: 'Ændringer af forløbet',
    measuredCaption: 'Målinger op til opgørelsesmåneden',
    measured: 'Målt',
    achieved: 'Opnået af plan',
    onPlan: 'På plan',
    yes: 'ja',
    no: 'nej',
    measurements: 'Målinger (rettelser erstatter)',
    noMeasurements: 'Ingen målinger endnu.',
    inForce: 'gældende',
    supersededBy: (id: string) => `erstattet af ${id}`,
    correctionOf: (id: string) => `retter ${id}`,
    reason: 'begrundelse',
    recordedBy: (by: string, at: string) => `registreret af ${by} ${at}`,
    source: { manual: 'manuel', system: (s: string) => `system ${s}` },
    colourHistory: 'Farvehistorik',
    noColour: 'Sagen er ikke vurderet endnu (ingen måling).',
    changesCaption: 'Farveskift',
    at: 'Tidspunkt',
    from: 'Fra',
    to: 'Til',
    plannedToDate: 'Planlagt til dato',
    realisedToDate: 'Realiseret til dato',
    by: 'Af',
    redEpisodes: 'Røde perioder',
    episode: 'Periode nr.',
    acknowledged: 'Kvitteret',
    notAcknowledged: 'ikke kvitteret',
    harvest: 'Høstet og tilbageholdt',
    department: 'Afdeling',
    realisedToDateCol: 'Realiseret til dato',
    harvestedToDate: 'Høstet til dato',
    retainedToDate: 'Bliver i afdelingen',
    laterYears: 'Bogført for senere år',
    total: 'I alt',
    aheadNote: 'Høstet forud for realiseret = høstet til dato − realiseret til dato for hver afdeling, når det er positivt; afdelingerne lægges sammen, så én afdelings overskud ikke skjuler en andens overtræk.',
    noCuts: 'Ingen bogførte budgetreduktioner.',
    footer: 'Beløb i hele kroner (afrundet). Samme adresse med Accept: application/json giver rapporten som JSON med beløb i øre. Formler: docs/realisation.md.',
    colour: { green: 'Grøn', amber: 'Gul', red: 'Rød' } as Record<RealisationColour, string>,
    statuses: { draft: 'kladde', submitted: 'indsendt', approved: 'godkendt', rejected: 'afvist', 'returned-for-revision': 'sendt tilbage til revision', 'in-implementation': 'under implementering', 'in-operation': 'i drift', closed: 'afsluttet' } as Record<string, string>,
    approvedPlan: 'Godkendt budgetvirkende gevinst',
    approvedPlanTotal: (total: string, years: string) => `${total} i alt (${years})`,
    months: ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'],
    units: { percent: '%', ore: 'kr.', hours: 'timer', minutes: 'minutter', days: 'dage', count: 'stk.' } as Record<string, string>,
  },
  en: {
    title: 'Benefits realisation report',
    case: 'Business case',
    caseId: 'Case id',
    status: 'Status',
    departments: 'Departments',
    approved: 'Approved revision',
    approvedBy: (rev: string, by: string, at: string) => `revision ${rev}, approved by ${by} ${at}`,
    notApproved: 'Not approved',
    goLive: 'Went live',
    notLive: 'Not live',
    asOf: 'As of',
    reportYear: 'Report year',
    generated: 'Generated',
    tolerances: 'Tolerances',
    tolerancesText: (g: string, a: string) => `green from ${g} of plan, amber from ${a}, red below`,
    asOfBasis: { requested: 'month asked for', 'one-year-after-go-live': 'one year after go-live', 'this-month': 'this month' },
    preliminary: 'Preliminary: the month has not ended and the figures may change.',
    clamped: (req: string, through: string) => `${req} was asked for; the figures are computed through ${through}.`,
    summary: 'Summary',
    summaryCaption: 'Planned and realised budget-effective gain',
    period: 'Period',
    toDate: 'To date',
    planned: 'Planned',
    realised: 'Realised',
    deviation: 'Deviation',
    deviationPct: 'Deviation %',
    realisedPct: 'Realised %',
    colourOfFigures: 'Colour of the figures',
    evaluatedColour: 'Colour recorded at the time',
    notEvaluated: 'not evaluated',
    harvested: 'Harvested (booked cuts)',
    retained: 'Retained by the department',
    ahead: 'Harvested ahead of realised',
    lines: 'Gain per benefit line',
    noLines: 'The approved revision has no budget-effective benefit lines.',
    lineDetails: (dept: string, wp: string | null) => `Department ${dept}${wp ? `, work process ${wp}` : ''}`,
    byYear: 'Per year',
    year: 'Year',
    plannedFullYear: 'Planned, whole year',
    monthsOfReportYear: 'Per month of the report year',
    month: 'Month',
    basis: 'Evidence',
    noEvidence: 'no measurement',
    capped: 'capped',
    yearly: (years: string) => `Followed in yearly figures for ${years}: the year's gain is in December.`,
    excluded: 'Benefit lines that are not budget-effective (not in the amounts)',
    indicators: 'Indicators',
    noIndicators: 'The case has no indicators.',
    kindLabel: 'Kind',
    kind: { leading: 'leading', adoption: 'adoption', lagging: 'lagging (measured saving)' },
    direction: { 'higher-is-better': 'higher is better', 'lower-is-better': 'lower is better' },
    baseline: 'Baseline',
    target: 'Target',
    trajectory: 'Planned trajectory',
    trajectoryOrigin: { manual: 'entered', 'adoption-curve': 'from the adoption curve' },
    edits: 'Changes to the trajectory',
    measuredCaption: 'Measurements up to the report month',
    measured: 'Measured',
    achieved: 'Achieved of plan',
    onPlan: 'On plan',
    yes: 'yes',
    no: 'no',
    measurements: 'Measurements (corrections supersede)',
    noMeasurements: 'No measurements yet.',
    inForce: 'in force',
    supersededBy: (id: string) => `superseded by ${id}`,
    correctionOf: (id: string) => `corrects ${id}`,
    reason: 'reason',
    recordedBy: (by: string, at: string) => `recorded by ${by} ${at}`,
    source: { manual: 'manual', system: (s: string) => `system ${s}` },
    colourHistory: 'Colour history',
    noColour: 'The case has not been evaluated yet (no measurement).',
    changesCaption: 'Colour changes',
    at: 'Time',
    from: 'From',
    to: 'To',
    plannedToDate: 'Planned to date',
    realisedToDate: 'Realised to date',
    by: 'By',
    redEpisodes: 'Red episodes',
    episode: 'Episode',
    acknowledged: 'Acknowledged',
    notAcknowledged: 'not acknowledged',
    harvest: 'Harvested and retained',
    department: 'Department',
    realisedToDateCol: 'Realised to date',
    harvestedToDate: 'Harvested to date',
    retainedToDate: 'Retained',
    laterYears: 'Booked for later years',
    total: 'Total',
    aheadNote: "Harvested ahead of realised = harvested to date − realised to date per department when positive, summed over departments, so that one department's surplus never hides another's overrun.",
    noCuts: 'No budget cuts booked.',
    footer: 'Amounts in whole kroner (rounded). The same address with Accept: application/json gives the report as JSON in øre. Formulas: docs/realisation.md.',
    colour: { green: 'Green', amber: 'Amber', red: 'Red' } as Record<RealisationColour, string>,
    statuses: { draft: 'draft', submitted: 'submitted', approved: 'approved', rejected: 'rejected', 'returned-for-revision': 'returned for revision', 'in-implementation': 'in implementation', 'in-operation': 'in operation', closed: 'closed' } as Record<string, string>,
    approvedPlan: 'Approved budget-effective gain',
    approvedPlanTotal: (total: string, years: string) => `${total} in total (${years})`,
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    units: { percent: '%', ore: 'DKK', hours: 'hours', minutes: 'minutes', days: 'days', count: '' } as Record<string, string>,
  },
};

type Text = (typeof TEXT)['da'];

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const MINUS = '\u2212';

const groupDigits = (digits: string, separator: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);

/** A decimal number in the language's format: 1.234,5 (da) or 1,234.5 (en); at most `decimals` places. */
export const formatNumber = (value: number, lang: ReportLanguage, decimals = 2, fixed = false): string => {
  const [thousands, point] = lang === 'da' ? ['.', ','] : [',', '.'];
  const negative = value < 0;
  let text = Math.abs(value).toFixed(decimals);
  if (!fixed && text.includes('.')) text = text.replace(/\.?0+$/, '');
  const [whole, fraction] = text.split('.');
  return `${negative && Number(text) !== 0 ? MINUS : ''}${groupDigits(whole!, thousands)}${fraction ? `${point}${fraction}` : ''}`;
};

/** Øre as whole kroner, rounded half away from zero: `1.234.567 kr.` (da), `DKK 1,234,567` (en). */
export const formatMoney = (ore: number, lang: ReportLanguage): string => {
  const kroner = Math.sign(ore) * Math.round(Math.abs(ore) / 100);
  const amount = formatNumber(kroner, lang, 0);
  return lang === 'da' ? `${amount} kr.` : `DKK ${amount}`;
};

const pct = (value: number | null, lang: ReportLanguage): string => (value === null ? '–' : `${formatNumber(value, lang, 2, true)} %`);

const monthName = (period: string, t: Text): string => {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return escapeHtml(period);
  return `${t.months[Number(match[2]) - 1]} ${match[1]}`;
};

const dateTime = (iso: string | null | undefined): string => {
  if (!iso) return '–';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : escapeHtml(iso);
};

const colourBadge = (colour: RealisationColour | null, t: Text): string =>
  colour === null ? `<span class="badge none">${escapeHtml(t.notEvaluated)}</span>` : `<span class="badge ${colour}">${escapeHtml(t.colour[colour])}</span>`;

const money = (ore: number, lang: ReportLanguage): string => `<td class="num">${formatMoney(ore, lang)}</td>`;

const figureCells = (f: RealisationReportFiguresOf, lang: ReportLanguage): string =>
  `${money(f.planned, lang)}${money(f.realised, lang)}<td class="num${f.deviation < 0 ? ' behind' : ''}">${formatMoney(f.deviation, lang)}</td><td class="num">${pct(f.deviationPct, lang)}</td><td class="num">${pct(f.realisedPct, lang)}</td>`;

const figureHeads = (t: Text): string =>
  `<th scope="col" class="num">${t.planned}</th><th scope="col" class="num">${t.realised}</th><th scope="col" class="num">${t.deviation}</th><th scope="col" class="num">${t.deviationPct}</th><th scope="col" class="num">${t.realisedPct}</th>`;

const indicatorValue = (value: number | null, unit: string, lang: ReportLanguage, t: Text): string => {
  if (value === null) return '–';
  if (unit === 'ore') return formatMoney(value, lang);
  const suffix = t.units[unit] ?? '';
  return `${formatNumber(value, lang, 4)}${suffix ? ` ${escapeHtml(suffix)}` : ''}`;
};

const measurementItem = (m: RealisationReportMeasurement, unit: string, lang: ReportLanguage, t: Text): string => {
  const source = m.source.kind === 'system' ? t.source.system(escapeHtml(m.source.system)) : t.source.manual;
  const who = t.recordedBy(escapeHtml(m.recordedBy), dateTime(m.recordedAt));
  const value = indicatorValue(m.value, unit, lang, t);
  const parts = [`<span class="mid">${escapeHtml(m.measurementId)}</span>`, m.inForce ? `<strong>${value}</strong> (${t.inForce})` : `<del>${value}</del> (${t.supersededBy(escapeHtml(m.correction?.measurementId ?? m.supersededBy ?? ''))})`, source, who];
  if (m.supersedes) parts.push(`${t.correctionOf(escapeHtml(m.supersedes))}, ${t.reason}: ${escapeHtml(m.reason ?? '')}`);
  return `<li>${parts.join(' · ')}</li>`;
};

const indicatorSection = (i: RealisationReportIndicator, lang: ReportLanguage, t: Text): string => {
  const unit = i.unit;
  const trajectory = i.trajectory.length === 0 ? '–' : i.trajectory.map((p) => `${monthName(p.period, t)}: ${indicatorValue(p.value, unit, lang, t)}`).join('; ');
  const edits = i.edits.length === 0 ? '' : `<dt>${t.edits}</dt><dd><ul>${i.edits.map((e) => `<li>${dateTime(e.at)}, ${escapeHtml(e.by)}: ${escapeHtml(e.reason)}</li>`).join('')}</ul></dd>`;
  const rows =
    i.rows.length === 0
      ? `<p>${t.noMeasurements}</p>`
      : `<table><caption>${t.measuredCaption}: ${escapeHtml(i.name)}</caption><thead><tr><th scope="col">${t.period}</th><th scope="col" class="num">${t.planned}</th><th scope="col" class="num">${t.measured}</th><th scope="col" class="num">${t.deviation}</th><th scope="col" class="num">${t.achieved}</th><th scope="col">${t.onPlan}</th><th scope="col">${t.measurements}</th></tr></thead><tbody>${i.rows
          .map(
            (r) =>
              `<tr><th scope="row">${monthName(r.period, t)}</th><td class="num">${indicatorValue(r.planned, unit, lang, t)}</td><td class="num">${indicatorValue(r.measured, unit, lang, t)}</td><td class="num">${r.deviation === null ? '–' : unit === 'ore' ? formatMoney(r.deviation, lang) : formatNumber(r.deviation, lang, 4)}</td><td class="num">${pct(r.achievedPct, lang)}</td><td>${r.onPlan === null ? '–' : r.onPlan ? t.yes : `<strong>${t.no}</strong>`}</td><td><ul class="measurements">${r.measurements.map((m) => measurementItem(m, unit, lang, t)).join('')}</ul></td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<section class="indicator"><h3>${escapeHtml(i.name)}</h3>
<dl class="facts"><dt>${t.kindLabel}</dt><dd>${t.kind[i.kind]}, ${t.direction[i.direction]} (${escapeHtml(i.indicatorId)}; ${escapeHtml(i.benefitLineIds.join(', '))})</dd>
<dt>${t.baseline}</dt><dd>${indicatorValue(i.baseline.value, unit, lang, t)} (${escapeHtml(i.baseline.date)})</dd>
<dt>${t.target}</dt><dd>${indicatorValue(i.target.value, unit, lang, t)}${i.target.date ? ` (${escapeHtml(i.target.date)})` : ''}</dd>
<dt>${t.trajectory}</dt><dd>${trajectory} <span class="note">(${t.trajectoryOrigin[i.trajectoryOrigin]})</span></dd>${edits}</dl>
${rows}</section>`;
};

const STYLE = `
:root { color: #1a1a1a; background: #fff; font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
body { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; margin-top: 2rem; } h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.subtitle { font-size: 1.2rem; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #767676; padding: .25rem .4rem; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; } th.num { white-space: normal; }
.behind { color: #8a1c1c; }
.badge { display: inline-block; padding: 0 .45rem; border: 2px solid; border-radius: .3rem; font-weight: 700; }
.badge.green { color: #0b5a1f; border-color: #0b5a1f; background: #e3f4e7; }
.badge.amber { color: #6b4500; border-color: #6b4500; background: #fff1cc; }
.badge.red { color: #8a1c1c; border-color: #8a1c1c; background: #fbe3e3; }
.badge.none { color: #404040; border-color: #767676; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
ul.measurements { margin: 0; padding-left: 1rem; } .mid { font-family: ui-monospace, monospace; font-size: .85em; }
.note { color: #404040; } .notice { border-left: 4px solid #6b4500; padding: .3rem .6rem; background: #fff8e5; }
footer { margin-top: 2rem; font-size: .85rem; color: #404040; border-top: 1px solid #767676; padding-top: .5rem; }
@media print {
  :root { font-size: 9.5pt; } body { margin: 0; max-width: none; }
  @page { size: A4; margin: 14mm 12mm; }
  h2, h3 { break-after: avoid; } tr, .badge { break-inside: avoid; } thead { display: table-header-group; }
  .badge, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}`;

/** The Content-Security-Policy of the document: nothing but its own style sheet. */
export const REPORT_CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`;

/** The report as one self-contained, printable HTML document. */
export const renderRealisationReportHtml = (report: RealisationReport, meta: ReportMeta, lang: ReportLanguage = 'da'): string => {
  const t = TEXT[lang];
  const c = report.case;
  const s = report.summary;
  const approval = report.approval
    ? t.approvedBy(String(report.approval.revision), escapeHtml(report.approval.by ?? '–'), dateTime(report.approval.at)) + (report.approval.reason ? ` (${escapeHtml(report.approval.reason)})` : '')
    : t.notApproved;
  const goLive = report.goLive ? `${dateTime(report.goLive.at)}${report.goLive.by ? `, ${escapeHtml(report.goLive.by)}` : ''}` : t.notLive;
  const notices = [
    meta.preliminary ? `<p class="notice">${t.preliminary}</p>` : '',
    meta.requestedAsOfPeriod && meta.requestedAsOfPeriod !== report.asOfPeriod ? `<p class="notice">${t.clamped(escapeHtml(meta.requestedAsOfPeriod), escapeHtml(meta.computedThrough ?? report.asOfPeriod))}</p>` : '',
  ].join('');

  const windowMonths = (line: RealisationReport['lines'][number]) => line.months.filter((m) => m.period >= report.reportYear.from && m.period <= report.reportYear.to);
  const lines =
    report.lines.length === 0
      ? `<p>${t.noLines}</p>`
      : report.lines
          .map(
            (l) => `<section class="line"><h3>${escapeHtml(l.description)}</h3><p class="note">${t.lineDetails(escapeHtml(l.departmentId), l.workProcess === null ? null : escapeHtml(l.workProcess))} (${escapeHtml(l.lineId)})</p>
<table><caption>${t.byYear}: ${escapeHtml(l.description)}</caption><thead><tr><th scope="col">${t.year}</th><th scope="col" class="num">${t.plannedFullYear}</th>${figureHeads(t)}</tr></thead><tbody>${l.byYear
              .map((y) => `<tr><th scope="row">${y.year}</th>${money(y.plannedFullYear, lang)}${figureCells(y, lang)}</tr>`)
              .join('')}<tr class="total"><th scope="row">${t.toDate}</th><td></td>${figureCells(l.toDate, lang)}</tr></tbody></table>
${l.yearlyPeriods.length > 0 ? `<p class="note">${t.yearly(l.yearlyPeriods.join(', '))}</p>` : ''}
<table><caption>${t.monthsOfReportYear}: ${escapeHtml(l.description)}</caption><thead><tr><th scope="col">${t.month}</th>${figureHeads(t)}<th scope="col">${t.basis}</th></tr></thead><tbody>${windowMonths(l)
              .map((m) => `<tr><th scope="row">${monthName(m.period, t)}</th>${figureCells(m, lang)}<td>${m.basis === null ? t.noEvidence : escapeHtml(m.basis)}${m.capped ? ` (${t.capped})` : ''}</td></tr>`)
              .join('')}</tbody></table></section>`,
          )
          .join('');
  const excluded =
    report.excludedLines.length === 0 ? '' : `<p class="note">${t.excluded}: ${report.excludedLines.map((l) => `${escapeHtml(l.lineId)} (${escapeHtml(l.benefitClass)})`).join(', ')}</p>`;

  const indicators = report.indicators.length === 0 ? `<p>${t.noIndicators}</p>` : report.indicators.map((i) => indicatorSection(i, lang, t)).join('');

  const history =
    report.colour.history.length === 0
      ? `<p>${t.noColour}</p>`
      : `<table><caption>${t.changesCaption}</caption><thead><tr><th scope="col">${t.at}</th><th scope="col">${t.period}</th><th scope="col">${t.from}</th><th scope="col">${t.to}</th><th scope="col" class="num">${t.realisedPct}</th><th scope="col" class="num">${t.plannedToDate}</th><th scope="col" class="num">${t.realisedToDate}</th><th scope="col">${t.by}</th></tr></thead><tbody>${report.colour.history
          .map(
            (h) =>
              `<tr><th scope="row">${dateTime(h.at)}</th><td>${monthName(h.period, t)}</td><td>${colourBadge(h.from, t)}</td><td>${colourBadge(h.to, t)}</td><td class="num">${pct(h.realisedPct, lang)}</td>${money(h.plannedToDate, lang)}${money(h.realisedToDate, lang)}<td>${escapeHtml(h.evaluatedBy)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const episodes =
    report.colour.redEpisodes.length === 0
      ? ''
      : `<table><caption>${t.redEpisodes}</caption><thead><tr><th scope="col">${t.episode}</th><th scope="col">${t.at}</th><th scope="col">${t.period}</th><th scope="col" class="num">${t.realisedPct}</th><th scope="col">${t.acknowledged}</th></tr></thead><tbody>${report.colour.redEpisodes
          .map(
            (e) =>
              `<tr><th scope="row">${e.episode}</th><td>${dateTime(e.at)}</td><td>${monthName(e.period, t)}</td><td class="num">${pct(e.realisedPct, lang)}</td><td>${e.acknowledged ? `${escapeHtml(e.acknowledged.by)}, ${dateTime(e.acknowledged.at)}: ${escapeHtml(e.acknowledged.comment)}` : `<strong>${t.notAcknowledged}</strong>`}</td></tr>`,
          )
          .join('')}</tbody></table>`;

  const h = report.harvest;
  const harvest =
    h.byDepartment.length === 0
      ? `<p>${t.noCuts}</p>`
      : `<table><caption>${t.harvest}</caption><thead><tr><th scope="col">${t.department}</th><th scope="col" class="num">${t.realisedToDateCol}</th><th scope="col" class="num">${t.harvestedToDate}</th><th scope="col" class="num">${t.retainedToDate}</th><th scope="col" class="num">${t.ahead}</th><th scope="col" class="num">${t.laterYears}</th></tr></thead><tbody>${h.byDepartment
          .map(
            (d) =>
              `<tr><th scope="row">${escapeHtml(d.departmentId)}</th>${money(d.realisedToDate, lang)}${money(d.harvestedToDate, lang)}${money(d.retainedToDate, lang)}<td class="num${d.harvestedAheadOfRealised > 0 ? ' behind' : ''}">${formatMoney(d.harvestedAheadOfRealised, lang)}</td>${money(d.bookedForLaterYears, lang)}</tr>`,
          )
          .join('')}<tr class="total"><th scope="row">${t.total}</th>${money(s.toDate.realised, lang)}${money(h.harvested, lang)}${money(h.retained, lang)}${money(h.harvestedAheadOfRealised, lang)}${money(h.bookedForLaterYears, lang)}</tr></tbody></table><p class="note">${t.aheadNote}</p>`;

  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title}: ${escapeHtml(c.title)} (${escapeHtml(report.asOfPeriod)})</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${t.title}</h1>
<p class="subtitle">${escapeHtml(c.title)}</p>
<dl class="facts">
<dt>${t.caseId}</dt><dd>${escapeHtml(c.caseId)}</dd>
<dt>${t.status}</dt><dd>${escapeHtml(t.statuses[c.status] ?? c.status)}</dd>
<dt>${t.departments}</dt><dd>${escapeHtml(c.departmentIds.join(', '))}</dd>
<dt>${t.approved}</dt><dd>${approval}</dd>
<dt>${t.approvedPlan}</dt><dd>${t.approvedPlanTotal(formatMoney(report.approvedPlan.total, lang), report.approvedPlan.byYear.map((y) => `${y.year}: ${formatMoney(y.planned, lang)}`).join('; '))}</dd>
<dt>${t.goLive}</dt><dd>${goLive}</dd>
<dt>${t.asOf}</dt><dd>${monthName(report.asOfPeriod, t)} (${t.asOfBasis[meta.asOfBasis]})</dd>
<dt>${t.reportYear}</dt><dd>${monthName(report.reportYear.from, t)} – ${monthName(report.reportYear.to, t)}</dd>
<dt>${t.tolerances}</dt><dd>${t.tolerancesText(pct(report.tolerances.greenFromPct, lang), pct(report.tolerances.amberFromPct, lang))}</dd>
<dt>${t.generated}</dt><dd>${dateTime(meta.generatedAt)}</dd>
</dl>
${notices}
</header>
<main>
<section><h2>${t.summary}</h2>
<table><caption>${t.summaryCaption}</caption><thead><tr><th scope="col">${t.period}</th>${figureHeads(t)}</tr></thead><tbody>
<tr><th scope="row">${t.reportYear} (${monthName(report.reportYear.from, t)} – ${monthName(report.reportYear.to, t)})</th>${figureCells(s.reportYear, lang)}</tr>
<tr><th scope="row">${t.toDate}</th>${figureCells(s.toDate, lang)}</tr>
</tbody></table>
<dl class="facts">
<dt>${t.colourOfFigures}</dt><dd>${colourBadge(s.toDate.colour, t)}</dd>
<dt>${t.evaluatedColour}</dt><dd>${colourBadge(s.evaluatedColour, t)}</dd>
<dt>${t.harvested}</dt><dd>${formatMoney(s.harvested, lang)}</dd>
<dt>${t.retained}</dt><dd>${formatMoney(s.retained, lang)}</dd>
<dt>${t.ahead}</dt><dd>${formatMoney(s.harvestedAheadOfRealised, lang)}</dd>
</dl>
</section>
<section><h2>${t.lines}</h2>${lines}${excluded}</section>
<section><h2>${t.indicators}</h2>${indicators}</section>
<section><h2>${t.colourHistory}</h2>${history}${episodes}</section>
<section><h2>${t.harvest}</h2>${harvest}</section>
</main>
<footer><p>${t.footer}</p></footer>
</body>
</html>
`;
};
