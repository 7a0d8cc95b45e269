import {
  computeEconomics,
  isTopDownEstimate,
  type BusinessCaseContent,
  type BusinessCaseEvent,
  type BusinessCaseStatus,
  type Payback,
} from '@gevinst/domain';
import type { RecordedEvent } from '@gevinst/event-store';
import type { Projection } from '../engine';

/** One row of the portfolio list. */
export type BusinessCaseSummary = {
  caseId: string;
  title: string;
  status: BusinessCaseStatus;
  owningDepartmentId: string;
  /** Every department the case touches: the owner and each receiving department. */
  departmentIds: string[];
  latestRevision: number;
  approvedRevision: number | null;
  /** Status of a re-baseline in progress, if any. */
  rebaselineStatus: 'draft' | 'submitted' | 'returned-for-revision' | null;
  topDownEstimate: boolean;
  startYear: number;
  horizonYears: number;
  /** Economics of the latest revision (øre). */
  latest: { npv: number; payback: Payback; benefitCostRatio: number | null; discountRatePct: number; totalBudgetEffective: number };
  /** The numbers as approved (never recomputed), or null. */
  approved: { npv: number; payback: Payback; discountRatePct: number; totalBudgetEffective: number } | null;
  /** Approved budget-effective savings per calendar year, summed over departments (øre). */
  approvedBudgetEffectiveByYear: Record<string, number>;
  createdAt: string;
  updatedAt: string;
};

const departmentsOf = (content: BusinessCaseContent): string[] =>
  [...new Set([content.owningDepartmentId, ...content.benefitLines.map((l) => l.departmentId)])].sort();

const latestFigures = (content: BusinessCaseContent): BusinessCaseSummary['latest'] => {
  const e = computeEconomics(content);
  return { npv: e.npv, payback: e.payback, benefitCostRatio: e.benefitCostRatio, discountRatePct: e.discountRatePct, totalBudgetEffective: e.totals.budgetEffective };
};

const ACTIVE = new Set<BusinessCaseStatus>(['approved', 'in-implementation', 'in-operation']);

/**
 * The portfolio list: one summary per business case, kept current from the case streams.
 * Economics of the latest revision are computed here once per revision, so listing is cheap.
 */
export const businessCasesProjection: Projection<RecordedEvent<BusinessCaseEvent['type']>> = {
  name: 'business-cases',
  version: 1,
  handles: (type) => type.startsWith('BusinessCase'),
  apply(recorded, docs) {
    const event = { type: recorded.type, data: recorded.data } as BusinessCaseEvent;
    const at = recorded.metadata.recordedAt;
    const caseId = event.data.caseId;
    const current = docs.get<BusinessCaseSummary>('cases', caseId);
    const put = (next: BusinessCaseSummary): void => docs.put('cases', caseId, { ...next, updatedAt: at });
    switch (event.type) {
      case 'BusinessCaseDrafted': {
        const c = event.data.content;
        put({
          caseId,
          title: c.title,
          status: 'draft',
          owningDepartmentId: c.owningDepartmentId,
          departmentIds: departmentsOf(c),
          latestRevision: 1,
          approvedRevision: null,
          rebaselineStatus: null,
          topDownEstimate: isTopDownEstimate(c),
          startYear: c.startYear,
          horizonYears: c.horizonYears,
          latest: latestFigures(c),
          approved: null,
          approvedBudgetEffectiveByYear: {},
          createdAt: at,
          updatedAt: at,
        });
        return;
      }
      case 'BusinessCaseRevised': {
        if (!current) return;
        const c = event.data.content;
        const rebaseline = event.data.rebaseline;
        put({
          ...current,
          title: c.title,
          owningDepartmentId: c.owningDepartmentId,
          departmentIds: [...new Set([...departmentsOf(c), ...(rebaseline ? current.departmentIds : [])])].sort(),
          latestRevision: event.data.revision,
          topDownEstimate: isTopDownEstimate(c),
          startYear: c.startYear,
          horizonYears: c.horizonYears,
          latest: latestFigures(c),
          status: rebaseline ? current.status : 'draft',
          rebaselineStatus: rebaseline ? 'draft' : null,
        });
        return;
      }
      case 'BusinessCaseSubmitted':
        if (!current) return;
        put(event.data.rebaseline ? { ...current, rebaselineStatus: 'submitted' } : { ...current, status: 'submitted' });
        return;
      case 'BusinessCaseApproved': {
        if (!current) return;
        const s = event.data.summary;
        const byYear: Record<string, number> = {};
        for (const perYear of Object.values(s.budgetEffectiveByDepartmentAndYear)) {
          for (const [year, amount] of Object.entries(perYear)) byYear[year] = (byYear[year] ?? 0) + amount;
        }
        put({
          ...current,
          status: ACTIVE.has(current.status) ? current.status : 'approved',
          approvedRevision: event.data.revision,
          rebaselineStatus: null,
          approved: { npv: s.npv, payback: s.payback, discountRatePct: s.discountRatePct, totalBudgetEffective: s.totalBudgetEffective },
          approvedBudgetEffectiveByYear: byYear,
        });
        return;
      }
      case 'BusinessCaseRejected':
        if (!current) return;
        put(event.data.rebaseline ? { ...current, rebaselineStatus: null } : { ...current, status: 'rejected' });
        return;
      case 'BusinessCaseReturnedForRevision':
        if (!current) return;
        put(event.data.rebaseline ? { ...current, rebaselineStatus: 'returned-for-revision' } : { ...current, status: 'returned-for-revision' });
        return;
      case 'BusinessCaseImplementationStarted':
        if (current) put({ ...current, status: 'in-implementation' });
        return;
      case 'BusinessCaseWentLive':
        if (current) put({ ...current, status: 'in-operation' });
        return;
      case 'BusinessCaseClosed':
        if (current) put({ ...current, status: 'closed', rebaselineStatus: null });
        return;
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  },
};
