import {
  budgetCutDecider,
  businessCaseDecider,
  computeEconomics,
  departmentDecider,
  diffFields,
  diffRevisions,
  municipalitySettingsDecider,
  retainedSharePolicyDecider,
  settingInForce,
  settingsOf,
  type BudgetCutState,
  type BusinessCaseContent,
  type BusinessCaseState,
  type DepartmentState,
  type DomainEvent,
  type RetainedSharePolicyState,
  type RevisionDiff,
} from '@gevinst/domain';
import type { RecordedEvent } from '@gevinst/event-store';

/**
 * The audit history: every event in log order with who, when, why and what changed, as
 * before → after values (not just "modified"). Business-case revisions are compared with the
 * revision before them by the domain's diffRevisions (lines by id, amounts by year, economics);
 * cuts, budgets, retained shares and settings by their previous values, folded from the stream.
 *
 * Pure: the API and the CLI's direct mode both build histories with it from streams they read.
 */

/** One changed value; `undefined` (absent in JSON) on a side means "did not exist". */
export type Change = { path: string; before?: unknown; after?: unknown };

export type HistoryEntry = {
  /** Global log position (decimal string). */
  position: string;
  stream: string;
  /** Revision within the stream (decimal string). */
  revision: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  actor: { id: string; role: string };
  /** The reason the person gave, or null. */
  reason: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
  /** One line for the eye. */
  summary: string;
  changes: Change[];
  /** Business-case revisions only: the domain's diff against the revision before. */
  diff?: RevisionDiff;
};

// ---------------------------------------------------------------------------------------------
// JSON diff

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf that differs between two JSON values (the domain's `diffFields`), appended to `out` without absent sides. */
export const diffJson = (before: unknown, after: unknown, path = '', out: Change[] = []): Change[] => {
  for (const c of diffFields(before, after, path)) out.push(change(c.path, c.before, c.after));
  return out;
};

const change = (path: string, before: unknown, after: unknown): Change => ({
  path,
  ...(before === undefined ? {} : { before }),
  ...(after === undefined ? {} : { after }),
});

// ---------------------------------------------------------------------------------------------
// Per stream kind: the state folded so far, and the changes one event makes to it.

interface StreamKind<S> {
  initial(): S;
  evolve(state: S, event: DomainEvent): S;
  describe(before: S, after: S, event: RecordedEvent): { summary: string; changes: Change[]; diff?: RevisionDiff };
}

const asDomain = (e: RecordedEvent): DomainEvent => ({ type: e.type, data: e.data });
const data = (e: RecordedEvent): Record<string, unknown> => (isObject(e.data) ? e.data : {});

const keyFigures = (content: BusinessCaseContent): Record<string, unknown> => {
  const e = computeEconomics(content);
  return {
    title: content.title,
    owningDepartmentId: content.owningDepartmentId,
    startYear: content.startYear,
    horizonYears: content.horizonYears,
    discountRatePct: content.discountRatePct,
    costLines: content.costLines.length,
    benefitLines: content.benefitLines.length,
    'economics.npv': e.npv,
    'economics.npvBudgetEffective': e.npvBudgetEffective,
    'economics.payback': e.payback,
    'economics.totalCosts': e.totals.costs,
    'economics.totalBenefits': e.totals.benefits,
    'economics.totalBudgetEffective': e.totals.budgetEffective,
  };
};

/** A revision diff as flat changes: assumptions, benefit map, lines (by id), economics. */
export const revisionChanges = (diff: RevisionDiff): Change[] => {
  const out: Change[] = [];
  for (const c of diff.assumptions) out.push(change(c.path, c.before, c.after));
  for (const c of diff.benefitMap) out.push(change(c.path, c.before, c.after));
  for (const [name, lines] of [
    ['costLines', diff.costLines],
    ['benefitLines', diff.benefitLines],
  ] as const) {
    for (const line of lines.added) out.push(change(`${name}[id=${line.id}]`, undefined, line));
    for (const line of lines.removed) out.push(change(`${name}[id=${line.id}]`, line, undefined));
    for (const line of lines.changed) for (const c of line.changes) out.push(change(`${name}[id=${line.id}]${c.path.startsWith('[') ? '' : '.'}${c.path}`, c.before, c.after));
  }
  const e = diff.economics;
  const pairs: [string, { before: unknown; after: unknown }][] = [
    ['economics.discountRatePct', e.discountRatePct],
    ['economics.npv', e.npv],
    ['economics.npvBudgetEffective', e.npvBudgetEffective],
    ['economics.payback', e.payback],
    ['economics.benefitCostRatio', e.benefitCostRatio],
    ['economics.totalCosts', e.totalCosts],
    ['economics.totalBenefits', e.totalBenefits],
  ];
  for (const [path, ba] of pairs) if (!Object.is(ba.before, ba.after)) out.push(change(path, ba.before, ba.after));
  for (const b of e.budgetEffectiveByDepartmentAndYear) out.push(change(`economics.budgetEffective[department=${b.departmentId}][year=${b.year}]`, b.before, b.after));
  return out;
};

type CaseFacts = { status?: string; latestRevision?: number; approvedRevision?: number | null; rebaselineStatus?: string | null };
const caseFacts = (s: BusinessCaseState): CaseFacts =>
  s.status === 'empty'
    ? {}
    : { status: s.status, latestRevision: s.latestRevision, approvedRevision: 'approved' in s && s.approved ? s.approved.revision : null, rebaselineStatus: 'rebaseline' in s && s.rebaseline ? s.rebaseline.status : null };

const approvedSummary = (s: BusinessCaseState): Record<string, unknown> | undefined => {
  if (s.status === 'empty' || !('approved' in s) || !s.approved) return undefined;
  const a = s.approved.summary;
  const budgetEffective: Record<string, unknown> = {};
  for (const [d, years] of Object.entries(a.budgetEffectiveByDepartmentAndYear)) budgetEffective[`department=${d}`] = { ...years };
  return {
    revision: s.approved.revision,
    discountRatePct: a.discountRatePct,
    npv: a.npv,
    npvBudgetEffective: a.npvBudgetEffective,
    payback: a.payback,
    benefitCostRatio: a.benefitCostRatio,
    totalCosts: a.totalCosts,
    totalBenefits: a.totalBenefits,
    totalBudgetEffective: a.totalBudgetEffective,
    budgetEffective,
  };
};

const businessCaseKind: StreamKind<BusinessCaseState> = {
  initial: businessCaseDecider.initialState,
  evolve: (s, e) => businessCaseDecider.evolve(s, e as never),
  describe(before, after, event) {
    const d = data(event);
    const changes = diffJson(caseFacts(before), caseFacts(after));
    const revision = typeof d['revision'] === 'number' ? d['revision'] : undefined;
    switch (event.type) {
      case 'BusinessCaseDrafted': {
        const content = d['content'] as BusinessCaseContent;
        for (const [path, value] of Object.entries(keyFigures(content))) changes.push(change(path, undefined, value));
        return { summary: `Drafted revision 1: ${content.title}`, changes };
      }
      case 'BusinessCaseRevised': {
        const content = d['content'] as BusinessCaseContent;
        const previous = before.status === 'empty' ? undefined : before.current;
        if (!previous) return { summary: `Revision ${revision}`, changes };
        const diff = diffRevisions(previous, content);
        changes.push(...revisionChanges(diff));
        return {
          summary: `Revision ${revision}${d['rebaseline'] ? ' (re-baseline)' : ''}: ${diff.identical ? 'content unchanged' : `NPV ${diff.economics.npv.before} → ${diff.economics.npv.after} øre`}`,
          changes,
          diff,
        };
      }
      case 'BusinessCaseApproved':
        diffJson(approvedSummary(before) ?? {}, approvedSummary(after) ?? {}, 'approved', changes);
        return { summary: `Approved revision ${revision}${d['rebaseline'] ? ' (re-baseline)' : ''}`, changes };
      default:
        return { summary: `${event.type.replace(/^BusinessCase/, '')}${revision !== undefined ? ` (revision ${revision})` : ''}`, changes };
    }
  },
};

type CutFields = Record<string, unknown>;
const cutOf = (s: BudgetCutState, cutId: unknown): CutFields | undefined =>
  s.status === 'harvesting' && typeof cutId === 'string' && Object.prototype.hasOwnProperty.call(s.cuts, cutId) ? (s.cuts[cutId] as unknown as CutFields) : undefined;

const budgetCutKind: StreamKind<BudgetCutState> = {
  initial: budgetCutDecider.initialState,
  evolve: (s, e) => budgetCutDecider.evolve(s, e as never),
  describe(before, after, event) {
    const d = data(event);
    const cutId = d['cutId'];
    const a = cutOf(before, cutId);
    const b = cutOf(after, cutId);
    const changes = diffJson(a ?? {}, b ?? {}, `cuts[${String(cutId)}]`);
    const figures = b ?? a ?? d;
    return {
      summary: `${event.type.replace(/^BudgetCut/, 'Cut ')}: ${String(figures['departmentId'])} ${String(figures['year'])}, amount ${String(figures['amount'])} øre`,
      changes,
    };
  },
};

const departmentKind: StreamKind<DepartmentState> = {
  initial: departmentDecider.initialState,
  evolve: (s, e) => departmentDecider.evolve(s, e as never),
  describe(before, after, event) {
    const d = data(event);
    const changes = diffJson(before.status === 'registered' ? before : {}, after.status === 'registered' ? after : {});
    const summary =
      event.type === 'BaselineBudgetSet'
        ? `Baseline budget ${String(d['year'])}: ${d['previousAmount'] === null ? '–' : String(d['previousAmount'])} → ${String(d['amount'])} øre`
        : event.type === 'DepartmentRegistered'
          ? `Registered ${String(d['name'])}`
          : event.type.replace(/^Department/, '');
    return { summary, changes };
  },
};

/** Each scope's setting for the effective year: before → after (what the department or case would get). */
const policyKind: StreamKind<RetainedSharePolicyState> = {
  initial: retainedSharePolicyDecider.initialState,
  evolve: (s, e) => retainedSharePolicyDecider.evolve(s, e as never),
  describe(before, after, event) {
    const d = data(event);
    const year = Number(d['effectiveFromYear']);
    const scope = typeof d['departmentId'] === 'string' ? { kind: 'department', id: d['departmentId'] } : typeof d['caseId'] === 'string' ? { kind: 'case', id: d['caseId'] } : { kind: 'default', id: '' };
    const settingsIn = (s: RetainedSharePolicyState) =>
      scope.kind === 'default' ? s.defaults : scope.kind === 'department' ? settingsOf(s.departments, scope.id) : settingsOf(s.cases, scope.id);
    const pct = (s: RetainedSharePolicyState): number | null | undefined => settingInForce(settingsIn(s), year)?.pct;
    const path = scope.kind === 'default' ? `retainedShare.default[fromYear=${year}].pct` : `retainedShare.${scope.kind}[${scope.id}][fromYear=${year}].pct`;
    const x = pct(before);
    const y = pct(after);
    const changes = Object.is(x, y) ? [] : [change(path, x, y)];
    const label = scope.kind === 'default' ? 'default' : `${scope.kind} ${scope.id}`;
    return { summary: `Retained share (${label}) from ${year}: ${x ?? '–'} → ${y === null ? 'cleared' : (y ?? '–')} %`, changes };
  },
};

const settingsKind: StreamKind<{ discountRatePct: number }> = {
  initial: municipalitySettingsDecider.initialState,
  evolve: (s, e) => municipalitySettingsDecider.evolve(s, e as never),
  describe: (before, after) => ({ summary: `Discount rate ${before.discountRatePct} → ${after.discountRatePct} %`, changes: diffJson(before, after) }),
};

/**
 * Realisation and anything else: the facts the event records, as after-values, with the
 * previous value where the event replaces one (a corrected measurement, a colour).
 */
const genericKind: StreamKind<Map<string, unknown>> = {
  initial: () => new Map(),
  evolve: (s, e) => {
    const d = isObject(e.data) ? e.data : {};
    if ((e.type === 'MeasurementRecorded' || e.type === 'MeasurementCorrected') && typeof d['measurementId'] === 'string') {
      const next = new Map(s);
      next.set(`measurement:${d['measurementId']}`, d['value']);
      return next;
    }
    return s;
  },
  describe(before, _after, event) {
    const d = data(event);
    switch (event.type) {
      case 'MeasurementRecorded':
        return { summary: `Measurement ${String(d['indicatorId'])} ${String(d['period'])}: ${String(d['value'])}`, changes: [change(`measurements[${String(d['measurementId'])}].value`, undefined, d['value'])] };
      case 'MeasurementCorrected':
        return {
          summary: `Measurement ${String(d['supersedes'])} corrected by ${String(d['measurementId'])}: ${String(before.get(`measurement:${String(d['supersedes'])}`))} → ${String(d['value'])}`,
          changes: [change(`indicators[${String(d['indicatorId'])}].period[${String(d['period'])}].value`, before.get(`measurement:${String(d['supersedes'])}`), d['value'])],
        };
      case 'RealisationColourChanged':
        return { summary: `Colour ${String(d['from'] ?? '–')} → ${String(d['to'])} (${String(d['period'])})`, changes: [change('colour', d['from'] ?? undefined, d['to'])] };
      default: {
        const changes: Change[] = [];
        for (const [k, v] of Object.entries(d)) if (k !== 'caseId') changes.push(change(k, undefined, v));
        return { summary: event.type, changes };
      }
    }
  },
};

const kindOf = (stream: string): StreamKind<unknown> =>
  (stream.startsWith('business-case-')
    ? businessCaseKind
    : stream.startsWith('harvest-')
      ? budgetCutKind
      : stream.startsWith('department-')
        ? departmentKind
        : stream === 'retained-share-policy'
          ? policyKind
          : stream === 'municipality-settings'
            ? settingsKind
            : genericKind) as StreamKind<unknown>;

/** One entry for one event, given the stream's state before and after it. */
const entryOf = (event: RecordedEvent, described: { summary: string; changes: Change[]; diff?: RevisionDiff }): HistoryEntry => {
  const m = event.metadata;
  return {
    position: String(event.position),
    stream: event.streamName,
    revision: String(event.revision),
    eventId: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: m.recordedAt,
    actor: { id: m.actorId, role: m.actorRole },
    reason: m.reason ?? reasonInData(event),
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    summary: described.summary,
    changes: described.changes,
    ...(described.diff ? { diff: described.diff } : {}),
  };
};

/** Some events carry the reason in their data only (e.g. a rejection's reason). */
const reasonInData = (event: RecordedEvent): string | null => {
  const d = data(event);
  for (const key of ['reason', 'comment', 'justification']) if (typeof d[key] === 'string' && d[key] !== '') return d[key] as string;
  return null;
};

/**
 * The history of whole streams (each read completely, in revision order), merged in log order.
 * Every event is folded into its stream's state; entries are made for those `include` accepts
 * (default all), so that "the history of one cut" still compares with the stream's true past.
 */
export const buildHistory = (streams: readonly (readonly RecordedEvent[])[], include: (event: RecordedEvent) => boolean = () => true): HistoryEntry[] => {
  const all = streams.flat().sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  const states = new Map<string, unknown>();
  const out: HistoryEntry[] = [];
  for (const event of all) {
    const kind = kindOf(event.streamName);
    const before = states.has(event.streamName) ? states.get(event.streamName) : kind.initial();
    let after: unknown;
    try {
      after = kind.evolve(before, asDomain(event));
    } catch {
      after = before; // an event the fold cannot take is still shown, unchanged state
    }
    states.set(event.streamName, after);
    if (include(event)) out.push(entryOf(event, kind.describe(before, after, event)));
  }
  return out;
};
