import {
  DEFAULT_REALISATION_TOLERANCES,
  REALISATION_EVENT_TYPES,
  type BudgetCutEvent,
  type BusinessCaseEvent,
  type BusinessCaseStatus,
  type IndicatorForGain,
  type MeasurementCorrected,
  type MeasurementRecorded,
  type MeasurementSource,
  type RealisationColour,
  type RealisationEvent,
  type RealisationTolerancesEvent,
} from '@gevinst/domain';
import type { RecordedEvent } from '@gevinst/event-store';
import { adoptSharedPart, DeferredWorkError, type DocumentReader, type DocumentWriter, type JsonObject, type Projection } from '../engine';
import { carryListItems, caseEvidenceOfLists, isPeriodValuePoint, lineFigures, MeasurementListDraft, periodStartMonth, yearOfMonth, type CaseEvidence } from './realisation-figures';
import { realisationPlanOf, type RealisationPlan } from './realisation-plan';
import { applyPair, applyPairTo, emptyAhead, emptyScope, scopeDraft, type AheadDoc, type PairFigures, type ScopeDoc, type ScopeDraft } from './realisation-scope';

/** Projection name; its documents are read by the views in realisation-views.ts. */
export const REALISATION_PROJECTION = 'realisation';
/** Key of the municipality's scope (department ids are lower-case letters, digits and '-'). */
export const MUNICIPALITY_SCOPE = '@municipality';

/**
 * The log's clock: the latest month any event was recorded in, and the month the figures are
 * computed through (December of that month's year). Figures never depend on the wall clock, so
 * a rebuild or an as-of replay gives the same documents.
 */
export type RealisationClockDoc = { month: number; through: number };

export type IndicatorRecord = {
  indicatorId: string;
  name: string;
  unit: IndicatorForGain['unit'];
  direction: IndicatorForGain['direction'];
  kind: IndicatorForGain['kind'];
  benefitLineIds: string[];
  baseline: { value: number; date: string };
  target: { value: number; date?: string };
  trajectory: { period: string; value: number }[];
  trajectoryOrigin: { kind: 'manual' } | { kind: 'adoption-curve'; curve: { startMonth: string; rampUpMonths: number; targetAdoptionPct: number } };
  definedBy: string;
  definedAt: string;
  edits: { at: string; by: string; reason: string }[];
};

export type MeasurementRecord = {
  measurementId: string;
  indicatorId: string;
  period: string;
  value: number;
  unit: string;
  date?: string;
  source: MeasurementSource;
  recordedBy: string;
  recordedAt: string;
  supersedes?: string;
  supersededBy?: string;
  reason?: string;
};

/** Records per chunk of a measurement list. */
export const MEASUREMENT_CHUNK = 32;

/**
 * An indicator's measurements (`measurements` document, key caseId|indicatorId), in recording
 * order, in chunks of MEASUREMENT_CHUNK records (the last one may be shorter): appending a
 * measurement copies the last chunk and the list of chunks, not every record, and the earlier
 * chunks are shared with the list's previous version (as-of keyframes keep many versions).
 */
export type MeasurementListDoc = { chunks: MeasurementRecord[][] };

/** The list's records in recording order (none for no document). */
export const measurementRecords = (doc: MeasurementListDoc | undefined): MeasurementRecord[] => (doc ? doc.chunks.flat() : []);

/**
 * One calendar year of a line's months (at most 12; index 0 = January, except that the last
 * year stops at the month the figures are computed through).
 */
export type LineYear = {
  planned: number[];
  realised: number[];
  share: (number | null)[];
  basis: (string | null)[];
  capped: number[];
};

export type LineDoc = {
  caseId: string;
  lineId: string;
  departmentId: string;
  description: string;
  revision: number;
  /** Absolute month of the first month (January of the case's start year). */
  base: number;
  /** How many months are computed (from `base`). */
  months: number;
  /**
   * The months in chunks of one year (years[k]: months base + 12k …): a recomputation from a
   * month writes that month's year and the years after it, and the document shares the years
   * before it with its previous version, so a new measurement costs a year, not the whole plan.
   * `flatLine` gives the months as flat arrays.
   */
  years: LineYear[];
  yearlyPeriods: number[];
};

/** A line's months as flat arrays (index 0 = `base`): what the views read. */
export type FlatLine = Omit<LineDoc, 'years' | 'months'> & LineYear;

export const flatLine = (doc: LineDoc): FlatLine => {
  const { years, months: _months, ...rest } = doc;
  const flat: FlatLine = { ...rest, planned: [], realised: [], share: [], basis: [], capped: [] };
  for (const year of years) {
    flat.planned.push(...year.planned);
    flat.realised.push(...year.realised);
    flat.share.push(...year.share);
    flat.basis.push(...year.basis);
    flat.capped.push(...year.capped);
  }
  return flat;
};

/**
 * The years of a line whose first `keep` months are those of `old` and the rest `fresh` (months
 * from `keep` on), `length` months in all. Whole years before `keep` are the old objects.
 */
const spliceYears = (old: readonly LineYear[], keep: number, fresh: LineYear, length: number): LineYear[] => {
  const years: LineYear[] = [];
  const whole = Math.floor(keep / 12);
  for (let k = 0; k < whole && k < old.length; k++) years.push(old[k]!);
  for (let start = years.length * 12; start < length; start += 12) {
    const year: LineYear = { planned: [], realised: [], share: [], basis: [], capped: [] };
    for (let i = start; i < Math.min(start + 12, length); i++) {
      if (i < keep) pushMonth(year, old[Math.floor(i / 12)]!, i % 12);
      else pushMonth(year, fresh, i - keep);
    }
    years.push(year);
  }
  return years;
};

/** Appends month `j` of `from` to `into`, in each of the five series. */
const pushMonth = (into: LineYear, from: LineYear, j: number): void => {
  into.planned.push(from.planned[j]!);
  into.realised.push(from.realised[j]!);
  into.share.push(from.share[j]!);
  into.basis.push(from.basis[j]!);
  into.capped.push(from.capped[j]!);
};

export type ColourChangeRecord = {
  period: string;
  at: string;
  from: RealisationColour | null;
  to: RealisationColour;
  realisedPct: number | null;
  plannedToDate: number;
  realisedToDate: number;
  tolerances: { greenFromPct: number; amberFromPct: number };
  evaluatedBy: string;
};

export type RedEpisodeRecord = {
  episode: number;
  period: string;
  at: string;
  realisedPct: number | null;
  gap: number;
  acknowledged: { by: string; at: string; comment: string } | null;
};

export type RealisationCaseDoc = {
  caseId: string;
  title: string;
  status: BusinessCaseStatus | 'unknown';
  owningDepartmentId: string | null;
  departmentIds: string[];
  latestRevision: number;
  /** The approved revision: its realisation plan is the document `revisions` caseId|revision. */
  approvedRevision: number | null;
  /** The month the case's figures are computed through (null: nothing computed). */
  through: number | null;
  pairs: Record<string, PairFigures>;
  /** Booked cuts (a reversal removes it). */
  cuts: Record<string, { departmentId: string; year: number; amount: number; retained: number }>;
  tracked: boolean;
  colour: ColourChangeRecord | null;
  colourHistory: ColourChangeRecord[];
  redEpisodes: RedEpisodeRecord[];
};

export type CaseListEntry = {
  caseId: string;
  title: string;
  status: string;
  departmentIds: string[];
  approvedRevision: number | null;
  tracked: boolean;
  /** The evaluated colour (an event), null when never evaluated. */
  colour: RealisationColour | null;
  colourSince: string | null;
  colourPeriod: string | null;
  redEpisode: { episode: number; acknowledged: boolean } | null;
};

export type TolerancesDoc = { greenFromPct: number; amberFromPct: number; setBy: string | null; at: string | null };

const RELEVANT = new Set<string>([
  'BusinessCaseDrafted',
  'BusinessCaseRevised',
  'BusinessCaseSubmitted',
  'BusinessCaseApproved',
  'BusinessCaseRejected',
  'BusinessCaseReturnedForRevision',
  'BusinessCaseImplementationStarted',
  'BusinessCaseWentLive',
  'BusinessCaseClosed',
  'BudgetCutBooked',
  'BudgetCutReversed',
  'RealisationTolerancesSet',
  ...REALISATION_EVENT_TYPES,
]);

type HandledEvent = BusinessCaseEvent | Extract<BudgetCutEvent, { type: 'BudgetCutBooked' | 'BudgetCutReversed' }> | RealisationEvent | RealisationTolerancesEvent;

const emptyCase = (caseId: string): RealisationCaseDoc => ({
  caseId,
  title: caseId,
  status: 'unknown',
  owningDepartmentId: null,
  departmentIds: [],
  latestRevision: 0,
  approvedRevision: null,
  through: null,
  pairs: {},
  cuts: {},
  tracked: false,
  colour: null,
  colourHistory: [],
  redEpisodes: [],
});

/** The absolute month of an ISO date or instant (null when it does not start with YYYY-MM). */
const monthOf = (iso: unknown): number | null => {
  // Read digit by digit: this runs for every event of the log.
  if (typeof iso !== 'string' || iso.length < 7 || iso.charCodeAt(4) !== 45 /* - */) return null;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const digit = iso.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return null;
    year = year * 10 + digit;
  }
  const tens = iso.charCodeAt(5) - 48;
  const ones = iso.charCodeAt(6) - 48;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return null;
  return year * 12 + tens * 10 + ones - 1;
};

/** The case's indicators and measurements, as the realised-gain formula reads them. */
const evidenceOf = (docs: DocumentWriter, caseId: string): CaseEvidence => {
  // Within a batch, the lists appended to are the batch's drafts.
  const work = workOf(docs);
  const indicators = docs.get<{ items: IndicatorRecord[] }>('indicators', caseId)?.items ?? [];
  const drafts = work?.indicators.get(caseId);
  const lists = indicators.map(
    (indicator) => drafts?.get(indicator.indicatorId)?.draft ?? docs.get<MeasurementListDoc>('measurements', `${caseId}|${indicator.indicatorId}`)?.chunks ?? [],
  );
  return caseEvidenceOfLists(indicators as IndicatorForGain[], lists);
};

/** The realisation plan of a case's approved revision. */
export const approvedPlanOf = (get: (collection: string, key: string) => unknown, c: Pick<RealisationCaseDoc, 'caseId' | 'approvedRevision'>): RealisationPlan | null =>
  c.approvedRevision === null ? null : ((get('revisions', `${c.caseId}|${c.approvedRevision}`) as { plan: RealisationPlan } | undefined)?.plan ?? null);

const sameNumbers = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
const sameDict = (a: Record<string, number>, b: Record<string, number>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};
const samePair = (a: PairFigures | null, b: PairFigures | null): boolean =>
  a === b ||
  (a !== null && b !== null && a.base === b.base && sameNumbers(a.planned, b.planned) && sameNumbers(a.realised, b.realised) && sameDict(a.plannedByYear, b.plannedByYear) && sameDict(a.harvested, b.harvested) && sameDict(a.retained, b.retained));

/**
 * What to recompute: the lines `lineIds` from month `from` (all lines when neither `lineIds`
 * nor `lines` is given), or each line of `lines` from its own month, or everything (`full`).
 */
type Refresh = { lineIds?: ReadonlySet<string>; from?: number; lines?: ReadonlyMap<string, number>; full?: boolean; cutsChanged?: boolean };

/**
 * Recomputes what changed of one case: the lines asked for from month `from` on (or all lines
 * from the start when `full`), any months the clock has added, then the case's pairs, and the
 * delta of each changed pair in its department's scope and the municipality's.
 */
const refreshCase = (docs: DocumentWriter, current: RealisationCaseDoc, refresh: Refresh, scopes?: ScopeDrafts): RealisationCaseDoc => {
  const clock = docs.get<RealisationClockDoc>('clock', 'log');
  const plan = approvedPlanOf((collection, key) => docs.get(collection, key), current);
  const pairs: Record<string, PairFigures> = {};
  let through: number | null = null;
  let linesWritten = 0;
  if (plan !== null && clock) {
    through = Math.min(clock.through, plan.base + plan.months - 1);
    const length = Math.max(0, through - plan.base + 1);
    let evidence: ReturnType<typeof evidenceOf> | undefined;
    for (const line of plan.lines) {
      const key = `${current.caseId}|${line.lineId}`;
      const stored = docs.get<LineDoc>('lines', key);
      const usable = stored && stored.revision === plan.revision && !refresh.full ? stored : undefined;
      const have = usable ? Math.min(usable.months, length) : 0;
      const lineFrom = refresh.lines?.get(line.lineId);
      const affected = refresh.full || (refresh.lines ? lineFrom !== undefined : refresh.lineIds === undefined || refresh.lineIds.has(line.lineId));
      const from = refresh.lines ? lineFrom : refresh.from;
      const start = Math.min(affected ? Math.max(from ?? plan.base, plan.base) : Infinity, plan.base + have);
      let doc: LineDoc;
      if (start <= through) {
        evidence ??= evidenceOf(docs, current.caseId);
        const figures = lineFigures(plan, line, evidence, start, through);
        linesWritten += 1;
        const keep = Math.min(figures.from - plan.base, have);
        doc = {
          caseId: current.caseId,
          lineId: line.lineId,
          departmentId: line.departmentId,
          description: line.description,
          revision: plan.revision,
          base: plan.base,
          months: length,
          years: spliceYears(usable?.years ?? [], keep, figures, length),
          yearlyPeriods: [...new Set([...(usable?.yearlyPeriods ?? []).filter((y) => y * 12 < figures.from), ...figures.yearlyPeriods])].sort(),
        };
        docs.put('lines', key, doc);
      } else if (usable) {
        if (usable.months > length) linesWritten += 1;
        doc = usable;
      } else {
        doc = { caseId: current.caseId, lineId: line.lineId, departmentId: line.departmentId, description: line.description, revision: plan.revision, base: plan.base, months: 0, years: [], yearlyPeriods: [] };
        docs.put('lines', key, doc);
      }
      const pair = (pairs[line.departmentId] ??= { base: plan.base, planned: new Array<number>(length).fill(0), realised: new Array<number>(length).fill(0), plannedByYear: {}, harvested: {}, retained: {} });
      doc.years.forEach((year, k) => {
        for (let j = 0; j < year.planned.length && k * 12 + j < length; j++) {
          const i = k * 12 + j;
          pair.planned[i] = pair.planned[i]! + year.planned[j]!;
          pair.realised[i] = pair.realised[i]! + year.realised[j]!;
        }
      });
      for (const [year, amount] of Object.entries(line.plannedByYear)) pair.plannedByYear[year] = (pair.plannedByYear[year] ?? 0) + amount;
    }
  }
  // Nothing to recompute (e.g. a measurement of an indicator on a freed-time line): nothing changes.
  if (linesWritten === 0 && !refresh.full && !refresh.cutsChanged && through === current.through) return current;
  for (const cut of Object.values(current.cuts)) {
    const pair = (pairs[cut.departmentId] ??= { base: plan?.base ?? 0, planned: [], realised: [], plannedByYear: {}, harvested: {}, retained: {} });
    const year = String(cut.year);
    pair.harvested[year] = (pair.harvested[year] ?? 0) + cut.amount;
    pair.retained[year] = (pair.retained[year] ?? 0) + cut.retained;
  }
  for (const departmentId of new Set([...Object.keys(current.pairs), ...Object.keys(pairs)])) {
    const old = current.pairs[departmentId] ?? null;
    const next = pairs[departmentId] ?? null;
    if (samePair(old, next)) continue;
    for (const scopeKey of [departmentId, MUNICIPALITY_SCOPE]) {
      if (scopes) {
        let draft = scopes.get(scopeKey);
        if (!draft) {
          draft = scopeDraft(docs.get<ScopeDoc>('scopes', scopeKey) ?? emptyScope(scopeKey), docs.get<AheadDoc>('ahead', scopeKey) ?? emptyAhead());
          scopes.set(scopeKey, draft);
        }
        applyPairTo(draft, old, next);
        continue;
      }
      const scope = docs.get<ScopeDoc>('scopes', scopeKey) ?? emptyScope(scopeKey);
      const ahead = docs.get<AheadDoc>('ahead', scopeKey) ?? emptyAhead();
      const result = applyPair(scope, ahead, old, next);
      docs.put('scopes', scopeKey, result.scope);
      if (result.aheadChanged) docs.put('ahead', scopeKey, result.ahead);
    }
  }
  return { ...current, through, pairs };
};

/**
 * Scopes changed by several cases in a row (a flush of put-off work, the clock's new months):
 * each scope copied once, changed by every case, written once at the end — the documents
 * applying them one by one would give.
 */
type ScopeDrafts = Map<string, ScopeDraft>;

const writeScopes = (docs: DocumentWriter, scopes: ScopeDrafts): void => {
  for (const [scopeKey, draft] of scopes) {
    docs.put('scopes', scopeKey, draft.scope);
    if (draft.aheadChanged) docs.put('ahead', scopeKey, { base: draft.scope.base, rows: draft.rows });
  }
  scopes.clear();
};

const listEntryOf = (c: RealisationCaseDoc): CaseListEntry => {
  const latest = c.redEpisodes[c.redEpisodes.length - 1];
  return {
    caseId: c.caseId,
    title: c.title,
    status: c.status,
    departmentIds: c.departmentIds,
    approvedRevision: c.approvedRevision,
    tracked: c.tracked,
    colour: c.colour?.to ?? null,
    colourSince: c.colour?.at ?? null,
    colourPeriod: c.colour?.period ?? null,
    redEpisode: c.colour?.to === 'red' && latest ? { episode: latest.episode, acknowledged: latest.acknowledged !== null } : null,
  };
};

/**
 * Writes the case and, when its entry changed, its entry in the case list (cases with an
 * approved plan or indicators): one small document per case, so a change costs the same
 * whatever the number of cases.
 */
const saveCase = (docs: DocumentWriter, next: RealisationCaseDoc, previous?: RealisationCaseDoc): void => {
  if (next === previous) return;
  docs.put('cases', next.caseId, next);
  if (next.approvedRevision === null && !next.tracked) return;
  const entry = listEntryOf(next);
  if (sameEntry(docs.get<CaseListEntry>('case-list', next.caseId), entry)) return;
  docs.put('case-list', next.caseId, entry);
};

const sameEntry = (a: CaseListEntry | undefined, b: CaseListEntry): boolean =>
  a !== undefined &&
  a.caseId === b.caseId &&
  a.title === b.title &&
  a.status === b.status &&
  a.departmentIds.length === b.departmentIds.length &&
  a.departmentIds.every((id, i) => id === b.departmentIds[i]) &&
  a.approvedRevision === b.approvedRevision &&
  a.tracked === b.tracked &&
  a.colour === b.colour &&
  a.colourSince === b.colourSince &&
  a.colourPeriod === b.colourPeriod &&
  (a.redEpisode === b.redEpisode || (a.redEpisode !== null && b.redEpisode !== null && a.redEpisode.episode === b.redEpisode.episode && a.redEpisode.acknowledged === b.redEpisode.acknowledged));

/** The case list: every case with an approved plan or indicators, by case id. */
export const caseListOf = (reader: Pick<DocumentReader, 'list'>): CaseListEntry[] =>
  reader
    .list<CaseListEntry>(REALISATION_PROJECTION, 'case-list', {})
    .map((e) => e.doc)
    .sort((a, b) => (a.caseId < b.caseId ? -1 : 1));

/**
 * The clock moved on: every case with a plan gets the new months — within a batch, as work put
 * off (a case's recomputation reads the clock when it is done; the months before the new ones
 * are the same whenever that is).
 */
const advanceClock = (docs: DocumentWriter, month: number, recorded: RecordedEvent, work: BatchWork | undefined): void => {
  const clock = work ? (work.clock ??= docs.get<RealisationClockDoc>('clock', 'log') ?? null) : docs.get<RealisationClockDoc>('clock', 'log');
  if (clock && month <= clock.month) return;
  const through = Math.max(clock?.through ?? -1, yearOfMonth(month) * 12 + 11);
  const next: RealisationClockDoc = { month, through };
  docs.put('clock', 'log', next);
  if (work) work.clock = next;
  if (clock && through > clock.through && work) {
    for (const entry of docs.list<RealisationCaseDoc>('cases')) {
      if (entry.doc.approvedRevision !== null) workOfCase(work, entry.key, recorded);
    }
  } else if (clock && through > clock.through) {
    const scopes: ScopeDrafts = new Map();
    for (const entry of docs.list<RealisationCaseDoc>('cases')) {
      if (entry.doc.approvedRevision === null) continue;
      saveCase(docs, refreshCase(docs, entry.doc, { lineIds: new Set() }, scopes), entry.doc);
    }
    writeScopes(docs, scopes);
  }
};

const STATUS_AFTER: Partial<Record<BusinessCaseEvent['type'], BusinessCaseStatus>> = {
  BusinessCaseSubmitted: 'submitted',
  BusinessCaseRejected: 'rejected',
  BusinessCaseReturnedForRevision: 'returned-for-revision',
  BusinessCaseImplementationStarted: 'in-implementation',
  BusinessCaseWentLive: 'in-operation',
  BusinessCaseClosed: 'closed',
};

const linesOfIndicator = (caseId: string, indicatorId: string, docs: DocumentWriter, work?: BatchWork): ReadonlySet<string> => {
  if (!work) return storedLinesOfIndicator(caseId, indicatorId, docs);
  const state = indicatorWork(work, caseId, indicatorId);
  return (state.lineIds ??= storedLinesOfIndicator(caseId, indicatorId, docs));
};

/** The lines the indicator document says the indicator measures. */
const storedLinesOfIndicator = (caseId: string, indicatorId: string, docs: DocumentWriter): ReadonlySet<string> =>
  new Set(docs.get<{ items: IndicatorRecord[] }>('indicators', caseId)?.items.find((i) => i.indicatorId === indicatorId)?.benefitLineIds ?? []);

/**
 * An indicator's trajectory as its record keeps it: points of a period and a value. The event's
 * own points when they are just that (the usual case: a trajectory of 60 months is 60 objects
 * fewer to make), else copies of those two members.
 */
const trajectoryOf = (trajectory: readonly { period: string; value: number }[]): { period: string; value: number }[] =>
  trajectory.every(isPeriodValuePoint) ? (trajectory as { period: string; value: number }[]) : trajectory.map((p) => ({ period: p.period, value: p.value }));

/** Is this a member of a measurement event its record keeps (all but the case id)? */
const isRecordField = (member: string): boolean => {
  switch (member) {
    case 'measurementId':
    case 'indicatorId':
    case 'period':
    case 'value':
    case 'unit':
    case 'date':
    case 'source':
    case 'recordedBy':
    case 'recordedAt':
    case 'supersedes':
    case 'reason':
      return true;
    default:
      return false;
  }
};

/**
 * A measurement event's data as a record: every member but the case id, `source` replaced by
 * the given copy. Built member by member (a rest-and-spread copy costs several times more on
 * the bulk of a log); data with members no event type declares is copied whole.
 */
const recordOf = (data: (MeasurementRecorded | MeasurementCorrected)['data'], source: MeasurementSource): MeasurementRecord => {
  let members = 0;
  let known = 0;
  for (const member in data) {
    members++;
    if (isRecordField(member)) known++;
  }
  if (known !== members - 1 || !('caseId' in data)) {
    const { caseId: _c, ...rest } = data;
    return { ...rest, source };
  }
  const record: { -readonly [K in keyof MeasurementRecord]: MeasurementRecord[K] } = {
    measurementId: data.measurementId,
    indicatorId: data.indicatorId,
    period: data.period,
    value: data.value,
    unit: data.unit,
    source,
    recordedBy: data.recordedBy,
    recordedAt: data.recordedAt,
  };
  if (data.date !== undefined) record.date = data.date;
  if ('supersedes' in data && data.supersedes !== undefined) record.supersedes = data.supersedes;
  if ('reason' in data && data.reason !== undefined) record.reason = data.reason;
  return record;
};

/**
 * A measurement's source as a frozen object shared by every record with the same source in
 * the batch (most come from the same system): one object instead of one per record, checked
 * once as a shared part (the records' documents pass it without checking it again).
 */
const sourceOf = (work: BatchWork, source: MeasurementSource): MeasurementSource => {
  let members = 0;
  for (const _member in source) members++;
  // The usual source, { kind: 'system', system }, is looked up by its system's name alone.
  const key = source.kind === 'system' && members === 2 && typeof source.system === 'string' ? source.system : `\u0000${JSON.stringify(source)}`;
  let shared = work.sources.get(key);
  if (!shared) {
    shared = adoptSharedPart({ ...source } as MeasurementSource & JsonObject);
    if (work.sources.size < 1000) work.sources.set(key, shared);
  }
  return shared;
};

/** The batch's state of one indicator of a case (made empty on first use). */
const indicatorWork = (work: BatchWork, caseId: string, indicatorId: string): IndicatorWork => {
  let ofCase = work.indicators.get(caseId);
  if (!ofCase) {
    ofCase = new Map();
    work.indicators.set(caseId, ofCase);
  }
  let state = ofCase.get(indicatorId);
  if (!state) {
    state = { draft: undefined, lineIds: undefined, deferredTo: undefined, deferredFrom: Infinity };
    ofCase.set(indicatorId, state);
  }
  return state;
};

/** The measurement list being appended to in this batch (made from the stored one on first use). */
const listDraft = (docs: DocumentWriter, work: BatchWork, caseId: string, indicatorId: string): MeasurementListDraft<MeasurementRecord> => {
  const state = indicatorWork(work, caseId, indicatorId);
  return (state.draft ??= newListDraft(docs, caseId, indicatorId));
};

const newListDraft = (docs: DocumentWriter, caseId: string, indicatorId: string): MeasurementListDraft<MeasurementRecord> =>
  new MeasurementListDraft<MeasurementRecord>(docs.get<MeasurementListDoc>('measurements', `${caseId}|${indicatorId}`)?.chunks ?? [], MEASUREMENT_CHUNK);

const putMeasurement = (docs: DocumentWriter, caseId: string, record: MeasurementRecord, work: BatchWork | undefined): void => {
  if (work) {
    // Within a batch: appended to the draft, written once at the end of the batch.
    const draft = listDraft(docs, work, caseId, record.indicatorId);
    if (record.supersedes !== undefined) draft.supersede(record.supersedes, record.measurementId);
    return draft.append(record);
  }
  const key = `${caseId}|${record.indicatorId}`;
  const chunks = docs.get<MeasurementListDoc>('measurements', key)?.chunks ?? [];
  const superseded = record.supersedes;
  // A correction marks the record it supersedes: only that record's chunk is copied.
  const updated =
    superseded === undefined
      ? chunks
      : chunks.map((chunk) => (chunk.some((m) => m.measurementId === superseded) ? chunk.map((m) => (m.measurementId === superseded ? { ...m, supersededBy: record.measurementId } : m)) : chunk));
  const last = updated[updated.length - 1];
  const next = last !== undefined && last.length < MEASUREMENT_CHUNK ? [...updated.slice(0, -1), [...last, record]] : [...updated, [record]];
  docs.put('measurements', key, { chunks: next });
  // A measurement appended: the list's items for the figures follow from the previous list's.
  if (superseded === undefined) carryListItems(chunks, docs.get<MeasurementListDoc>('measurements', key)!.chunks);
};

/**
 * Work put off within a batch (only with a writer that offers `batchState`, i.e. the engine
 * flushes the batch).
 *
 * - `cases`: per case, each line to recompute and from which month, whether its booked cuts
 *   changed, and the first event that asked (named if the work fails). Recomputing a line once
 *   from the earliest month any of the measurements touches, with all of them, gives the months
 *   the same figures as recomputing it after each one: a measurement of a period bears on no
 *   month before the period's start (the premise refreshCase works on already; the specs
 *   compare the two ways). The clock's new months and booked cuts wait as well: a case's
 *   figures and pairs depend on its plan, evidence, cuts and the clock, not on when they are
 *   computed, and the scopes are sums of the pairs (kept by delta from the pairs the case doc
 *   holds). Colour, status and revision events change none of that and do not wait for it.
 *   Only what changes a plan or the evidence's meaning, or drops a cut (an approval, a
 *   trajectory edit, a reversal: its scope rows are shaped by the cut having been there), or
 *   concerns every case (the tolerances), does the pending work first.
 * - `indicators`: per case and indicator, the draft of its measurement list (appended to, written
 *   once when the batch ends) and its lines (fixed when it is defined).
 * - `clock`: the clock document as last written.
 */
type CaseWork = { lines: Map<string, number>; first: RecordedEvent; cutsChanged: boolean };
type IndicatorWork = {
  draft: MeasurementListDraft<MeasurementRecord> | undefined;
  lineIds: ReadonlySet<string> | undefined;
  /** The case entry its lines were last put off in, and from which month (see apply). */
  deferredTo: CaseWork | undefined;
  deferredFrom: number;
};
type BatchWork = {
  cases: Map<string, CaseWork>;
  /** caseId → indicatorId → state (two maps: no key made per event). */
  indicators: Map<string, Map<string, IndicatorWork>>;
  sources: Map<string, MeasurementSource>;
  clock: RealisationClockDoc | null | undefined;
};

const workOf = (docs: DocumentWriter): BatchWork | undefined => docs.batchState?.(WORK_OWNER, newWork);
const newWork = (): BatchWork => ({ cases: new Map(), indicators: new Map(), sources: new Map(), clock: undefined });
const WORK_OWNER = {};

/** Events after which a case's put-off work cannot be done as if they had not happened yet. */
const FLUSH_FIRST = new Set<string>(['BusinessCaseApproved', 'BudgetCutReversed', 'IndicatorTrajectoryEdited', 'RealisationTolerancesSet']);

/** Does the cases' work put off (of one case only, with `onlyCase`). */
const flushPending = (docs: DocumentWriter, work: BatchWork, onlyCase?: string): void => {
  const pending = work.cases;
  const only = onlyCase === undefined ? undefined : pending.get(onlyCase);
  if (pending.size === 0 || (onlyCase !== undefined && only === undefined)) return;
  const scopes: ScopeDrafts = new Map();
  // One case: looked up, not searched for among every case with work put off.
  for (const [caseId, { lines, first, cutsChanged }] of only ? [[onlyCase!, only] as const] : pending) {
    pending.delete(caseId);
    const current = docs.get<RealisationCaseDoc>('cases', caseId) ?? emptyCase(caseId);
    try {
      saveCase(docs, refreshCase(docs, current, { lines, cutsChanged }, scopes), current);
    } catch (error) {
      pending.clear();
      throw new DeferredWorkError(first, { cause: error });
    }
  }
  writeScopes(docs, scopes);
};

/** The case's entry of put-off work (made empty: at least its months are brought up to the clock). */
const workOfCase = (work: BatchWork, caseId: string, event: RecordedEvent): CaseWork => {
  let entry = work.cases.get(caseId);
  if (!entry) {
    entry = { lines: new Map(), first: event, cutsChanged: false };
    work.cases.set(caseId, entry);
  }
  return entry;
};

const deferRefresh = (work: BatchWork, caseId: string, lineIds: ReadonlySet<string>, from: number, event: RecordedEvent): void =>
  deferLines(workOfCase(work, caseId, event), lineIds, from);

/** The lines to be recomputed from `from` at the latest. */
const deferLines = (entry: CaseWork, lineIds: ReadonlySet<string>, from: number): void => {
  for (const lineId of lineIds) {
    const at = entry.lines.get(lineId);
    if (at === undefined || from < at) entry.lines.set(lineId, from);
  }
};

/**
 * Realisation (read model): per case the planned and realised budget-effective gain per month
 * and line, booked cuts and retained amounts per budget year, the colour facts and red
 * episodes; per department and for the municipality the same figures summed, kept by delta
 * (see realisation-scope.ts); the indicators with their measurements, for charts.
 *
 * Collections: `cases` (caseId), `lines` (caseId|lineId), `indicators` (caseId),
 * `measurements` (caseId|indicatorId), `revisions` (caseId|revision), `scopes` and `ahead`
 * (departmentId, or '@municipality'), `case-list` (caseId), `tolerances` ('current'), `clock` ('log').
 */
export const realisationProjection: Projection<RecordedEvent> = {
  name: REALISATION_PROJECTION,
  // 2: the case list is one document per case (was one document of all cases), and a line's
  // months are kept in chunks of a year (were flat arrays). 3: measurement lists in chunks.
  version: 3,
  apply(recorded, docs) {
    const work = workOf(docs);
    if (work && FLUSH_FIRST.has(recorded.type)) {
      // An event of one case needs that case's work done first; the other cases' work can wait
      // (their figures and their share of the scopes are independent of it: scopes are kept by
      // delta). An event of no case (the tolerances) needs all of it.
      const caseId = (recorded.data as { caseId?: unknown }).caseId;
      if (typeof caseId === 'string') flushPending(docs, work, caseId);
      else flushPending(docs, work);
    }
    // Every event moves the log's clock; only some change the figures.
    const month = monthOf(recorded.metadata.recordedAt);
    if (month !== null) advanceClock(docs, month, recorded, work);
    if (!RELEVANT.has(recorded.type)) return;
    const event = recorded as unknown as HandledEvent; // its type and data
    if (work && event.type === 'MeasurementRecorded') {
      // The bulk of a log: appended to the batch's draft of the list, its lines put off (the
      // indicator's batch state looked up once for both).
      const d = event.data;
      const state = indicatorWork(work, d.caseId, d.indicatorId);
      const record = recordOf(d, sourceOf(work, d.source));
      const draft = (state.draft ??= newListDraft(docs, d.caseId, d.indicatorId));
      if (record.supersedes !== undefined) draft.supersede(record.supersedes, record.measurementId);
      const from = periodStartMonth(d.period);
      draft.append(record, from);
      const entry = workOfCase(work, d.caseId, recorded);
      // Measurements mostly come in time order: once this indicator's lines are put off from a
      // month in the case's entry, a later month adds nothing to it.
      if (state.deferredTo === entry && from >= state.deferredFrom) return;
      deferLines(entry, (state.lineIds ??= storedLinesOfIndicator(d.caseId, d.indicatorId, docs)), from);
      state.deferredTo = entry;
      state.deferredFrom = from;
      return;
    }

    if (event.type === 'RealisationTolerancesSet') {
      const doc: TolerancesDoc = { greenFromPct: event.data.greenFromPct, amberFromPct: event.data.amberFromPct, setBy: event.data.setBy, at: event.data.at };
      docs.put('tolerances', 'current', doc);
      return;
    }
    const caseId = event.data.caseId;
    const current = docs.get<RealisationCaseDoc>('cases', caseId) ?? emptyCase(caseId);

    switch (event.type) {
      case 'BusinessCaseDrafted':
      case 'BusinessCaseRevised': {
        const { revision, content } = event.data;
        const plan = realisationPlanOf(revision, content);
        docs.put('revisions', `${caseId}|${revision}`, { plan });
        const rebaseline = event.type === 'BusinessCaseRevised' && event.data.rebaseline;
        return saveCase(docs, {
          ...current,
          latestRevision: revision,
          ...(current.approvedRevision === null ? { title: plan.title, owningDepartmentId: plan.owningDepartmentId, departmentIds: plan.departmentIds } : {}),
          status: rebaseline ? current.status : 'draft',
        });
      }
      case 'BusinessCaseApproved': {
        const stored = docs.get<{ plan: RealisationPlan }>('revisions', `${caseId}|${event.data.revision}`);
        if (!stored) return;
        const plan = stored.plan;
        // Re-approved: the lines are computed again for the new plan.
        for (const entry of docs.list<LineDoc>('lines', `${caseId}|`)) {
          if (!plan.lines.some((l) => l.lineId === entry.doc.lineId)) docs.delete('lines', entry.key);
        }
        const next: RealisationCaseDoc = {
          ...current,
          approvedRevision: event.data.revision,
          title: plan.title,
          owningDepartmentId: plan.owningDepartmentId,
          departmentIds: plan.departmentIds,
          status: event.data.rebaseline ? current.status : 'approved',
        };
        return saveCase(docs, refreshCase(docs, next, { full: true }));
      }
      case 'BusinessCaseSubmitted':
      case 'BusinessCaseRejected':
      case 'BusinessCaseReturnedForRevision':
      case 'BusinessCaseImplementationStarted':
      case 'BusinessCaseWentLive':
      case 'BusinessCaseClosed': {
        if ('rebaseline' in event.data && event.data.rebaseline) return;
        return saveCase(docs, { ...current, status: STATUS_AFTER[event.type] ?? current.status });
      }
      case 'BudgetCutBooked': {
        const d = event.data;
        const next = { ...current, cuts: { ...current.cuts, [d.cutId]: { departmentId: d.departmentId, year: d.year, amount: d.amount, retained: d.retained } } };
        if (work) {
          // The pairs (and so the scopes) follow when the case's put-off work is done.
          workOfCase(work, caseId, recorded).cutsChanged = true;
          return saveCase(docs, next);
        }
        return saveCase(docs, refreshCase(docs, next, { lineIds: new Set(), cutsChanged: true }));
      }
      case 'BudgetCutReversed': {
        const { [event.data.cutId]: _reversed, ...cuts } = current.cuts;
        return saveCase(docs, refreshCase(docs, { ...current, cuts }, { lineIds: new Set(), cutsChanged: true }));
      }
      case 'IndicatorDefined': {
        const d = event.data;
        const items = docs.get<{ items: IndicatorRecord[] }>('indicators', caseId)?.items ?? [];
        const record: IndicatorRecord = {
          indicatorId: d.indicatorId,
          name: d.name,
          unit: d.unit,
          direction: d.direction,
          kind: d.kind,
          benefitLineIds: [...d.benefitLineIds],
          baseline: { ...d.baseline },
          target: { ...d.target },
          trajectory: trajectoryOf(d.trajectory),
          trajectoryOrigin: d.trajectoryOrigin as IndicatorRecord['trajectoryOrigin'],
          definedBy: d.definedBy,
          definedAt: d.definedAt,
          edits: [],
        };
        docs.put('indicators', caseId, { items: [...items, record] });
        if (work) {
          // Its lines are recomputed from their start at the end of the batch.
          const state = indicatorWork(work, caseId, d.indicatorId);
          state.lineIds = undefined;
          state.deferredTo = undefined;
          // Tracked since its first indicator: the same document, not written again.
          if (!current.tracked) saveCase(docs, { ...current, tracked: true });
          return deferRefresh(work, caseId, new Set(d.benefitLineIds), -Infinity, recorded);
        }
        return saveCase(docs, refreshCase(docs, { ...current, tracked: true }, { lineIds: new Set(d.benefitLineIds) }));
      }
      case 'IndicatorTrajectoryEdited': {
        const d = event.data;
        const items = docs.get<{ items: IndicatorRecord[] }>('indicators', caseId)?.items ?? [];
        docs.put('indicators', caseId, {
          items: items.map((i) =>
            i.indicatorId === d.indicatorId
              ? { ...i, trajectory: d.trajectory.map((p) => ({ period: p.period, value: p.value })), trajectoryOrigin: d.trajectoryOrigin as IndicatorRecord['trajectoryOrigin'], edits: [...i.edits, { at: d.editedAt, by: d.editedBy, reason: d.reason }] }
              : i,
          ),
        });
        return saveCase(docs, refreshCase(docs, current, { lineIds: linesOfIndicator(caseId, d.indicatorId, docs, work) }), current);
      }
      case 'MeasurementRecorded': {
        const m = event.data;
        putMeasurement(docs, caseId, recordOf(m, { ...m.source }), undefined);
        const lineIds = linesOfIndicator(caseId, m.indicatorId, docs);
        return saveCase(docs, refreshCase(docs, current, { lineIds, from: periodStartMonth(m.period) }), current);
      }
      case 'MeasurementCorrected': {
        const m = event.data;
        const old = work
          ? listDraft(docs, work, caseId, m.indicatorId).find(m.supersedes)
          : measurementRecords(docs.get<MeasurementListDoc>('measurements', `${caseId}|${m.indicatorId}`)).find((x) => x.measurementId === m.supersedes);
        putMeasurement(docs, caseId, recordOf(m, work ? sourceOf(work, m.source) : { ...m.source }), work);
        const from = Math.min(periodStartMonth(m.period), old ? periodStartMonth(old.period) : Infinity);
        const lineIds = linesOfIndicator(caseId, m.indicatorId, docs, work);
        if (work) return deferRefresh(work, caseId, lineIds, from, recorded);
        return saveCase(docs, refreshCase(docs, current, { lineIds, from }), current);
      }
      case 'RealisationColourChanged': {
        const d = event.data;
        const change: ColourChangeRecord = {
          period: d.period,
          at: d.at,
          from: d.from,
          to: d.to,
          realisedPct: d.realisedPct,
          plannedToDate: d.plannedToDate,
          realisedToDate: d.realisedToDate,
          tolerances: { ...d.tolerances },
          evaluatedBy: d.evaluatedBy,
        };
        return saveCase(docs, { ...current, tracked: true, colour: change, colourHistory: [...current.colourHistory, change] });
      }
      case 'RealisationTurnedRed': {
        const d = event.data;
        return saveCase(docs, { ...current, redEpisodes: [...current.redEpisodes, { episode: d.episode, period: d.period, at: d.at, realisedPct: d.realisedPct, gap: d.gap, acknowledged: null }] });
      }
      case 'RedStatusAcknowledged': {
        const d = event.data;
        return saveCase(docs, { ...current, redEpisodes: current.redEpisodes.map((e) => (e.episode === d.episode ? { ...e, acknowledged: { by: d.by, at: d.at, comment: d.comment } } : e)) });
      }
      default:
        return;
    }
  },
  flush(docs) {
    const work = workOf(docs);
    if (!work) return;
    flushPending(docs, work);
    for (const [caseId, ofCase] of work.indicators) {
      for (const [indicatorId, { draft }] of ofCase) {
        if (!draft) continue;
        const key = `${caseId}|${indicatorId}`;
        docs.put('measurements', key, { chunks: draft.chunks });
        draft.attachTo(docs.get<MeasurementListDoc>('measurements', key)!.chunks);
      }
    }
    work.indicators.clear();
    work.clock = undefined;
  },
};

/** The tolerances in force as the read model knows them (the default until finance sets them). */
export const tolerancesOf = (doc: TolerancesDoc | undefined): TolerancesDoc =>
  doc ?? { ...DEFAULT_REALISATION_TOLERANCES, setBy: null, at: null };
