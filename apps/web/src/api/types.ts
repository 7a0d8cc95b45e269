/**
 * The shapes of the API's answers. Domain types come straight from libs/domain (type-only: no
 * code is bundled for them), so the UI and the API cannot drift apart silently; the view shapes
 * mirror libs/read-models/src/portfolio/business-case.views.ts and the read models.
 */
import type {
  ActorRef,
  ApprovalSummary,
  BusinessCaseContent,
  BusinessCaseStatus,
  Economics,
  Payback,
  Rebaseline,
  RevisionDiff,
  RevisionWarning,
  SensitivityTable,
  TransitionRecord,
} from '@gevinst/domain';

export type {
  ActorRef,
  ApprovalSummary,
  BenefitClass,
  BenefitLine,
  BusinessCaseContent,
  BusinessCaseStatus,
  CostCategory,
  CostLine,
  CostNature,
  Economics,
  Payback,
  RevisionDiff,
  RevisionWarning,
  SensitivityRow,
  SensitivityTable,
  TransitionRecord,
} from '@gevinst/domain';

/** GET /api/business-cases → { items } (libs/read-models BusinessCaseSummary). */
export interface BusinessCaseSummary {
  caseId: string;
  title: string;
  status: BusinessCaseStatus;
  owningDepartmentId: string;
  departmentIds: string[];
  latestRevision: number;
  approvedRevision: number | null;
  rebaselineStatus: 'draft' | 'submitted' | 'returned-for-revision' | null;
  topDownEstimate: boolean;
  startYear: number;
  horizonYears: number;
  latest: { npv: number; payback: Payback; benefitCostRatio: number | null; discountRatePct: number; totalBudgetEffective: number };
  approved: { npv: number; payback: Payback; discountRatePct: number; totalBudgetEffective: number } | null;
  approvedBudgetEffectiveByYear: Record<string, number>;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/business-cases/{caseId}. */
export interface CaseView {
  caseId: string;
  status: BusinessCaseStatus;
  etag: string | null;
  latestRevision: number;
  approvedRevision: number | null;
  rebaseline: Rebaseline | null;
  topDownEstimate: boolean;
  createdBy: ActorRef;
  createdAt: string;
  current: BusinessCaseContent;
  warnings: RevisionWarning[];
  revisions: { revision: number; reason: string; by: ActorRef; at: string; rebaseline: boolean; title: string }[];
  approvals: { revision: number; summary: ApprovalSummary; reason: string; by: ActorRef; at: string }[];
  history: TransitionRecord[];
}

/** GET /api/business-cases/{caseId}/revisions/{n}/economics. */
export interface EconomicsView {
  revision: number;
  economics: Economics;
  sensitivity: SensitivityTable;
  warnings: RevisionWarning[];
}

/** GET /api/business-cases/{caseId}/diff?from&to. */
export interface DiffView {
  caseId: string;
  from: number;
  to: number;
  diff: RevisionDiff;
}

/** A command's answer (POST/PUT on a case). */
export interface CommandAnswer {
  caseId?: string;
  etag: string | null;
  duplicate: boolean;
  events: string[];
}

/** GET /api/departments → { items } (libs/read-models DepartmentSummary). */
export interface DepartmentSummary {
  departmentId: string;
  name: string;
  headId: string | null;
  baselineBudgets: Record<string, number>;
  registeredAt: string;
}

/** GET /api/settings. */
export interface Settings {
  discountRatePct?: number;
  [key: string]: unknown;
}

export interface Items<T> {
  items: T[];
}

export type { RetainedSharePolicyState, RetainedShareSetting, BudgetCutStatus } from '@gevinst/domain';

/** GET /api/budget-cuts → { items } (libs/read-models CutRecord). */
export interface CutRecord {
  cutId: string;
  caseId: string;
  departmentId: string;
  year: number;
  status: 'proposed' | 'approved' | 'booked' | 'rejected' | 'reversed';
  approvedRevision: number;
  sharePct: number;
  gross: number;
  retained: number;
  cut: number;
  amount: number;
  override: { justification: string; year: number; limit: number; already: number; requested: number; excess: number } | null;
  realisationStatus: string | null;
  realisationAcknowledgement: string | null;
  proposedBy: string;
  proposedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  bookedBy: string | null;
  bookedAt: string | null;
  rejectedBy: string | null;
  reversedBy: string | null;
  reason: string | null;
  position: string;
}

export interface LedgerAmounts {
  plannedGross: number;
  proposed: number;
  approved: number;
  booked: number;
  reversed: number;
  rejected: number;
  retained: number;
  overridden: number;
}

export interface LedgerYear extends LedgerAmounts {
  year: number;
  baseline: number | null;
  adjustedBudget: number | null;
  cases: (LedgerAmounts & { caseId: string; cutIds: string[] })[];
}

/** GET /api/departments/{departmentId}/ledger. */
export interface DepartmentLedger {
  departmentId: string;
  name: string;
  headId: string | null;
  years: LedgerYear[];
}

/** GET /api/ledger/summary. */
export interface LedgerSummary {
  years: (LedgerAmounts & { year: number; baseline: number; adjustedBudget: number })[];
}

/** GET /api/departments/{departmentId}. */
export interface DepartmentView {
  status: 'registered';
  departmentId: string;
  name: string;
  headId: string | null;
  baselineBudgets: Record<string, number>;
  etag: string | null;
}

/** Realisation figures to date (øre), with the colour against the municipality's tolerances. */
export interface RealisationFigures {
  planned: number;
  realised: number;
  harvested: number;
  retained: number;
  gap: number;
  harvestedAheadOfRealised: number;
  colour?: 'green' | 'amber' | 'red' | null;
  realisedPct?: number | null;
}

/** GET /api/realisation/portfolio?asOf=YYYY-MM. */
export interface RealisationPortfolio {
  asOf: string;
  computedThrough: string;
  tolerances: { greenFromPct: number; amberFromPct: number };
  basis: string;
  municipality: { toDate: RealisationFigures; byYear: (RealisationFigures & { year: number; plannedFullYear: number })[] };
  byDepartment: { departmentId: string; toDate: RealisationFigures }[];
  casesByColour: Record<string, string[]>;
  cases: { caseId: string; title: string; status: string; departmentIds: string[]; approvedRevision: number | null; tracked: boolean; colour: string | null }[];
}

/** GET /api/audit/history/… */
export interface AuditHistory {
  subject: Record<string, string>;
  count: number;
  entries: {
    position: string;
    stream: string;
    revision: string;
    eventId: string;
    type: string;
    recordedAt: string;
    actor: { id: string; role: string };
    reason: string | null;
    summary: string;
    changes: { path: string; before?: unknown; after?: unknown }[];
  }[];
}

/** GET /api/audit/verify. */
export interface ChainReport {
  store: string;
  verifiedAt: string;
  ok: boolean;
  count: number;
  head: { position: string; hash: string } | null;
  break: { position: string; reason: 'altered' | 'removed' | 'reordered'; detail: string } | null;
  expectedHead: { position: string; hash: string; found: boolean; detail: string } | null;
}

/** GET /api/audit/chain-head. */
export interface ChainHead {
  store: string;
  head: { position: string; hash: string } | null;
  keep: string | null;
  recordedAt: string | null;
  exportedAt: string;
}

/** GET /api/audit/replay-verify. */
export interface ReplayReport {
  ok: boolean;
  failed: string[];
  isolated: boolean;
  projections: { projection: string; status: string; version: number; liveVersion?: number; position?: string; documents?: number; differences: number }[];
  differences: { projection: string; collection: string; key: string }[];
}

/** GET /api/audit/log. */
export interface LogPage {
  head: string | null;
  events: unknown[];
  next: string | null;
}

/** GET /api/business-cases/{caseId}/realisation?asOf=YYYY-MM. */
export interface CaseRealisation {
  caseId: string;
  asOf: string;
  tolerances: { greenFromPct: number; amberFromPct: number };
  excludedLines: { lineId: string; benefitClass: string }[];
  toDate: RealisationFigures;
  months: { period: string; plannedToDate: number; realisedToDate: number; harvestedToDate: number; colour: string | null }[];
  /** The evaluated colour (an event in the case's stream), null before the first evaluation. */
  evaluated?: { colour: 'green' | 'amber' | 'red'; since: string; period: string; realisedPct: number | null } | null;
  /** The red episode in progress (the case is red now), with its acknowledgement if any. */
  redEpisode?: RedEpisode | null;
}

/** GET /api/realisation/departments/{departmentId}. */
export interface DepartmentRealisation {
  asOf: string;
  departmentId: string;
  tolerances: { greenFromPct: number; amberFromPct: number };
  toDate: RealisationFigures;
  cases?: DepartmentRealisationCase[];
}

/** An indicator's unit, kind and direction (libs/domain realisation/indicator.ts). */
export type IndicatorUnit = 'percent' | 'ore' | 'hours' | 'minutes' | 'days' | 'count';
export type IndicatorKind = 'leading' | 'adoption' | 'lagging';
export type IndicatorDirection = 'lower-is-better' | 'higher-is-better';
export const INDICATOR_UNITS: readonly IndicatorUnit[] = ['percent', 'ore', 'hours', 'minutes', 'days', 'count'];
export const INDICATOR_KINDS: readonly IndicatorKind[] = ['adoption', 'leading', 'lagging'];
export const INDICATOR_DIRECTIONS: readonly IndicatorDirection[] = ['higher-is-better', 'lower-is-better'];

/** One measurement of an indicator (libs/read-models MeasurementRecord). */
export interface Measurement {
  measurementId: string;
  indicatorId: string;
  period: string;
  value: number;
  unit: string;
  date?: string;
  source: { kind: 'manual' } | { kind: 'system'; system: string };
  recordedBy: string;
  recordedAt: string;
  supersedes?: string;
  supersededBy?: string;
  reason?: string;
}

/** GET /api/business-cases/{caseId}/indicators: one indicator with its measurements and chart points. */
export interface IndicatorView {
  indicatorId: string;
  name: string;
  unit: IndicatorUnit;
  direction: IndicatorDirection;
  kind: IndicatorKind;
  benefitLineIds: string[];
  baseline: { value: number; date: string };
  target: { value: number; date?: string };
  trajectory: { period: string; value: number }[];
  trajectoryOrigin: { kind: 'manual' } | { kind: 'adoption-curve'; curve: { startMonth: string; rampUpMonths: number; targetAdoptionPct: number } };
  definedBy: string;
  definedAt: string;
  edits: { at: string; by: string; reason: string }[];
  measurements: Measurement[];
  chart: { period: string; planned: number; measured: number | null }[];
}

export interface IndicatorsView {
  caseId: string;
  asOf: string;
  computedThrough: string | null;
  indicators: IndicatorView[];
}

export interface RedEpisode {
  episode: number;
  period: string;
  at: string;
  realisedPct: number | null;
  gap: number;
  acknowledged: { by: string; at: string; comment: string } | null;
}

/** GET /api/business-cases/{caseId}/realisation/colour-history. */
export interface ColourHistory {
  caseId: string;
  colour: 'green' | 'amber' | 'red' | null;
  changes: { period: string; at: string; from: string | null; to: string; realisedPct: number | null; plannedToDate: number; realisedToDate: number; evaluatedBy: string }[];
  redEpisodes: RedEpisode[];
}

/** A write on a case's realisation: the events and the evaluation after it. */
export interface RealisationWrite {
  duplicate: boolean;
  events: string[];
  indicatorId?: string;
  measurementId?: string;
  evaluation: { colour: string | null; events: string[] } | null;
}

/** GET /api/realisation/departments/{departmentId}: the department's cases with their figures. */
export interface DepartmentRealisationCase {
  caseId: string;
  title: string;
  status: string;
  departmentIds: string[];
  approvedRevision: number | null;
  tracked: boolean;
  colour: 'green' | 'amber' | 'red' | null;
  toDate: RealisationFigures;
}

/** GET /api/audit/budget-cuts/{caseId}/{cutId}/at-approval: what finance saw when it approved the cut. */
export interface AtApproval {
  caseId: string;
  cutId: string;
  departmentId: string;
  asOf: { position: string; recordedAt: string };
  approval: { position: string; eventId: string; at: string; by: { id: string; role: string }; reason: string | null };
  proposal: { position: string; at: string; by: { id: string; role: string }; reason: string | null; figures: Record<string, unknown> };
  cut: CutRecord | null;
  businessCase: {
    caseId: string;
    title: string;
    status: string;
    approvedRevision: number;
    approvedSummary: ApprovalSummary | null;
    approvedBy: (ActorRef & { at: string; reason: string }) | null;
    recomputedSummary: ApprovalSummary | null;
    economics: EconomicsView | null;
  } | null;
  ledger: DepartmentLedger | null;
  realisation: (CaseRealisation & { evaluated: { colour: string } | null }) | null;
}

export type Compared<T> = { actual: T; whatIf: T };
export type ComparedAmount = Compared<number> & { delta: number };

/** GET /api/audit/what-if: actual beside what-if. */
export interface WhatIfReport {
  assumptions: Record<string, unknown>;
  position: string;
  cases: {
    caseId: string;
    title: string;
    status: string;
    approvedRevision: number | null;
    latestRevision: number;
    latest: { discountRatePct: Compared<number>; npv: ComparedAmount; totalBudgetEffective: ComparedAmount };
    approved: { discountRatePct: Compared<number>; npv: ComparedAmount; totalBudgetEffective: ComparedAmount; payback: Compared<unknown> } | null;
  }[];
  cuts: {
    cutId: string;
    caseId: string;
    departmentId: string;
    year: number;
    status: string;
    amountChosen: boolean;
    sharePct: Compared<number>;
    gross: ComparedAmount;
    retained: ComparedAmount;
    cut: ComparedAmount;
    amount: ComparedAmount;
  }[];
  departments: {
    departmentId: string;
    years: { year: number; plannedGross: ComparedAmount; booked: ComparedAmount; retained: ComparedAmount; adjustedBudget: Compared<number | null> }[];
  }[];
  totals: { approvedNpv: ComparedAmount; plannedGross: ComparedAmount; booked: ComparedAmount; retained: ComparedAmount };
}
