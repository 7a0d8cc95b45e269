/**
 * Builders for the business-case specs (not exported from the library). Jest-free, so that the
 * benchmark can use them too.
 */
import type { Actor, CommandContext } from '../shared';
import type { BusinessCaseCommand } from './commands';
import type { BenefitLine, BusinessCaseContent, CostLine } from './content';
import type { ActorRef, BusinessCaseEvent } from './events';

export const CASE_ID = 'case-1';
export const NOW = '2026-03-01T10:00:00.000Z';

export const author: Actor = { id: 'anna', role: 'case-author', departments: ['social'] };
export const otherAuthor: Actor = { id: 'bo', role: 'case-author', departments: ['culture'] };
export const finance: Actor = { id: 'fie', role: 'finance', departments: [] };
export const management: Actor = { id: 'mads', role: 'management', departments: [] };
export const departmentHead: Actor = { id: 'dorte', role: 'department-head', departments: ['social'] };
export const auditor: Actor = { id: 'aud', role: 'auditor', departments: [] };
export const admin: Actor = { id: 'adm', role: 'admin', departments: [] };

export const ref = (actor: Actor): ActorRef => ({ id: actor.id, role: actor.role });

export const costLine = (over: Partial<CostLine> = {}): CostLine => ({
  id: 'c1',
  description: 'Platform',
  category: 'acquisition',
  nature: 'one-off',
  amounts: [{ year: 2027, amount: 1_000_000 }],
  ...over,
});

export const benefitLine = (over: Partial<BenefitLine> = {}): BenefitLine => ({
  id: 'b1',
  description: 'Fewer phone calls',
  departmentId: 'social',
  workProcess: 'Housing benefit applications',
  benefitClass: 'budget-effective',
  valuation: { kind: 'fixed', amountPerYear: 1_200_000 },
  adoption: { potentialUsers: 1_000, targetAdoptionPct: 100, rampUpMonths: 0, startMonth: '2027-01' },
  ...over,
});

/** A small valid case: 2027–2029, 3.5 %, one acquisition, one communication cost, one benefit. */
export const content = (over: Partial<BusinessCaseContent> = {}): BusinessCaseContent => ({
  title: 'Self-service housing benefit',
  description: 'Citizens apply online',
  owningDepartmentId: 'social',
  projectOwner: 'Anna Andersen',
  startYear: 2027,
  horizonYears: 3,
  discountRatePct: 3.5,
  riskReservePct: 0,
  origin: { kind: 'local' },
  benefitMap: {
    purpose: 'Faster, cheaper case handling',
    goals: [
      {
        id: 'g1',
        title: 'Applications arrive digitally',
        benefits: [{ id: 'm-b1', title: 'Less manual entry', benefitLineIds: ['b1'], deliverables: [{ id: 'd1', title: 'Online form' }] }],
      },
    ],
  },
  costLines: [
    costLine(),
    costLine({ id: 'c2', description: 'Campaign', category: 'communication-marketing', amounts: [{ year: 2027, amount: 100_000 }] }),
  ],
  benefitLines: [benefitLine()],
  ...over,
});

/** `null` leaves the reason out. */
export const ctx = (actor: Actor, reason: string | null = 'because'): CommandContext =>
  reason === null ? { actor, now: NOW } : { actor, now: NOW, reason };

// ---- commands
export const draft = (c: BusinessCaseContent = content(), actor: Actor = author, reason?: string): BusinessCaseCommand => ({
  type: 'DraftBusinessCase',
  data: { caseId: CASE_ID, content: c },
  context: ctx(actor, reason ?? 'first version'),
});
export const revise = (c: BusinessCaseContent = content(), actor: Actor = author, reason = 'new numbers'): BusinessCaseCommand => ({
  type: 'ReviseBusinessCase',
  data: { caseId: CASE_ID, content: c },
  context: ctx(actor, reason),
});
export const submit = (actor: Actor = author, reason = 'ready'): BusinessCaseCommand => ({
  type: 'SubmitBusinessCase',
  data: { caseId: CASE_ID },
  context: ctx(actor, reason),
});
export const approve = (revision = 1, actor: Actor = finance, reason = 'good case'): BusinessCaseCommand => ({
  type: 'ApproveBusinessCase',
  data: { caseId: CASE_ID, revision },
  context: ctx(actor, reason),
});
export const reject = (revision = 1, actor: Actor = management, reason = 'not now'): BusinessCaseCommand => ({
  type: 'RejectBusinessCase',
  data: { caseId: CASE_ID, revision },
  context: ctx(actor, reason),
});
export const returnForRevision = (revision = 1, actor: Actor = finance, reason = 'adoption too optimistic'): BusinessCaseCommand => ({
  type: 'ReturnBusinessCaseForRevision',
  data: { caseId: CASE_ID, revision },
  context: ctx(actor, reason),
});
export const startImplementation = (actor: Actor = author, reason = 'contract signed'): BusinessCaseCommand => ({
  type: 'StartBusinessCaseImplementation',
  data: { caseId: CASE_ID },
  context: ctx(actor, reason),
});
export const goLive = (actor: Actor = author, reason = 'launched'): BusinessCaseCommand => ({
  type: 'TakeBusinessCaseLive',
  data: { caseId: CASE_ID },
  context: ctx(actor, reason),
});
export const close = (actor: Actor = author, reason = 'benefits realised'): BusinessCaseCommand => ({
  type: 'CloseBusinessCase',
  data: { caseId: CASE_ID },
  context: ctx(actor, reason),
});

// ---- events (as the decider produces them from the commands above)
const t = (actor: Actor, reason: string) => ({ caseId: CASE_ID, by: ref(actor), at: NOW, reason });

export const drafted = (c: BusinessCaseContent = content()): BusinessCaseEvent => ({
  type: 'BusinessCaseDrafted',
  data: { ...t(author, 'first version'), revision: 1, content: c },
});
export const revised = (revision: number, c: BusinessCaseContent = content(), rebaseline = false): BusinessCaseEvent => ({
  type: 'BusinessCaseRevised',
  data: { ...t(author, 'new numbers'), revision, content: c, rebaseline },
});
export const submitted = (revision = 1, rebaseline = false): BusinessCaseEvent => ({
  type: 'BusinessCaseSubmitted',
  data: { ...t(author, 'ready'), revision, rebaseline },
});
export const returned = (revision = 1, rebaseline = false): BusinessCaseEvent => ({
  type: 'BusinessCaseReturnedForRevision',
  data: { ...t(finance, 'adoption too optimistic'), revision, rebaseline },
});
export const rejected = (revision = 1, rebaseline = false): BusinessCaseEvent => ({
  type: 'BusinessCaseRejected',
  data: { ...t(management, 'not now'), revision, rebaseline },
});
/** An approval as recorded; the summary is a stand-in (specs that check it compute their own). */
export const approved = (revision = 1, previousApprovedRevision: number | null = null): BusinessCaseEvent => ({
  type: 'BusinessCaseApproved',
  data: {
    ...t(finance, 'good case'),
    revision,
    rebaseline: previousApprovedRevision !== null,
    previousApprovedRevision,
    summary: {
      discountRatePct: 3.5,
      npv: 1,
      npvBudgetEffective: 1,
      payback: 1,
      benefitCostRatio: 1,
      totalCosts: 1,
      totalBenefits: 2,
      totalBudgetEffective: 2,
      topDownEstimate: false,
      budgetEffectiveByDepartmentAndYear: { social: { 2027: 1 } },
    },
  },
});
export const implementationStarted = (): BusinessCaseEvent => ({ type: 'BusinessCaseImplementationStarted', data: t(author, 'contract signed') });
export const wentLive = (): BusinessCaseEvent => ({ type: 'BusinessCaseWentLive', data: t(author, 'launched') });
export const closed = (): BusinessCaseEvent => ({ type: 'BusinessCaseClosed', data: t(author, 'benefits realised') });

/** The stream of an approved case (revision 1). */
export const approvedStream = (): BusinessCaseEvent[] => [drafted(), submitted(1), approved(1)];
export const inImplementationStream = (): BusinessCaseEvent[] => [...approvedStream(), implementationStarted()];
export const inOperationStream = (): BusinessCaseEvent[] => [...inImplementationStream(), wentLive()];

/**
 * A large case for the benchmark and the scale spec: `years` years, `costs` cost lines and
 * `benefits` benefit lines, with every kind of amount, ramp and class.
 */
export const largeContent = (years = 10, costs = 50, benefits = 50): BusinessCaseContent => {
  const startYear = 2027;
  const categories = ['acquisition', 'implementation', 'training', 'communication-marketing', 'licence-operation', 'internal-staff-hours', 'other'] as const;
  const classes = ['budget-effective', 'freed-time', 'other-public-bodies', 'unpriced'] as const;
  const costLines: CostLine[] = Array.from({ length: costs }, (_, i) => ({
    id: `c${i}`,
    description: `Cost ${i}`,
    category: categories[i % categories.length] as CostLine['category'],
    nature: i % 2 === 0 ? 'one-off' : 'running',
    amounts: Array.from({ length: years }, (_, y) =>
      i % 3 === 0
        ? { year: startYear + y, hours: 37.5 + y, hourlyCost: 45_000 + i }
        : { year: startYear + y, amount: 1_000_003 * (i + 1) + y, low: 900_000 * (i + 1), high: 1_300_000 * (i + 1) + y },
    ),
  }));
  const benefitLines: BenefitLine[] = Array.from({ length: benefits }, (_, i) => {
    const benefitClass = classes[i % classes.length] as BenefitLine['benefitClass'];
    return {
      id: `b${i}`,
      description: `Benefit ${i}`,
      departmentId: `dept-${i % 7}`,
      workProcess: `Process ${i}`,
      benefitClass,
      valuation:
        benefitClass === 'unpriced'
          ? { kind: 'unpriced' }
          : i % 2 === 0
            ? { kind: 'time', casesPerYear: 10_000 + 37 * i, minutesSavedPerCase: 12.5 + (i % 5), hourlyCost: 42_500 + 13 * i }
            : { kind: 'fixed', amountPerYear: 2_500_007 * (i + 1) },
      adoption: {
        potentialUsers: 5_000 + i,
        targetAdoptionPct: 40 + (i % 60) + 0.25,
        rampUpMonths: (i * 7) % 37,
        startMonth: `${startYear + (i % 3)}-${String((i % 12) + 1).padStart(2, '0')}`,
      },
    };
  });
  return content({ title: 'Large case', startYear, horizonYears: years, riskReservePct: 7.5, costLines, benefitLines, benefitMap: { purpose: 'Scale', goals: [] } });
};
