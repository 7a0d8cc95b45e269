/**
 * The canonical form of valid content: only the known fields, in a fixed order. The decider
 * stores this, so that stray fields of a request body never reach an event and two equal
 * revisions are stored equally.
 */
import type {
  AdoptionCurve,
  BenefitLine,
  BenefitMap,
  BenefitValuation,
  BusinessCaseContent,
  CaseOrigin,
  CostAmount,
  CostLine,
} from './content';

const origin = (o: CaseOrigin): CaseOrigin =>
  o.kind === 'local'
    ? { kind: 'local' }
    : { kind: o.kind, nationalCaseRef: o.nationalCaseRef, scalingKey: o.scalingKey, localValue: o.localValue, nationalValue: o.nationalValue };

const amount = (a: CostAmount): CostAmount => {
  const estimate = { ...(a.low !== undefined ? { low: a.low } : {}), ...(a.high !== undefined ? { high: a.high } : {}) };
  return 'hours' in a ? { year: a.year, hours: a.hours, hourlyCost: a.hourlyCost, ...estimate } : { year: a.year, amount: a.amount, ...estimate };
};

const costLine = (l: CostLine): CostLine => ({
  id: l.id,
  description: l.description,
  category: l.category,
  nature: l.nature,
  amounts: l.amounts.map(amount),
});

const valuation = (v: BenefitValuation): BenefitValuation => {
  switch (v.kind) {
    case 'time':
      return { kind: 'time', casesPerYear: v.casesPerYear, minutesSavedPerCase: v.minutesSavedPerCase, hourlyCost: v.hourlyCost };
    case 'fixed':
      return { kind: 'fixed', amountPerYear: v.amountPerYear };
    case 'unpriced':
      return { kind: 'unpriced' };
  }
};

const adoption = (a: AdoptionCurve): AdoptionCurve => ({
  potentialUsers: a.potentialUsers,
  targetAdoptionPct: a.targetAdoptionPct,
  rampUpMonths: a.rampUpMonths,
  startMonth: a.startMonth,
});

const benefitLine = (l: BenefitLine): BenefitLine => ({
  id: l.id,
  description: l.description,
  departmentId: l.departmentId,
  workProcess: l.workProcess,
  benefitClass: l.benefitClass,
  valuation: valuation(l.valuation),
  adoption: adoption(l.adoption),
});

const benefitMap = (m: BenefitMap): BenefitMap => ({
  purpose: m.purpose,
  goals: m.goals.map((g) => ({
    id: g.id,
    title: g.title,
    benefits: g.benefits.map((b) => ({
      id: b.id,
      title: b.title,
      benefitLineIds: [...b.benefitLineIds],
      deliverables: b.deliverables.map((d) => ({ id: d.id, title: d.title })),
    })),
  })),
});

/** A copy of valid content with only the known fields. */
export const canonicalContent = (c: BusinessCaseContent): BusinessCaseContent => ({
  title: c.title,
  description: c.description,
  owningDepartmentId: c.owningDepartmentId,
  projectOwner: c.projectOwner,
  startYear: c.startYear,
  horizonYears: c.horizonYears,
  discountRatePct: c.discountRatePct,
  riskReservePct: c.riskReservePct,
  origin: origin(c.origin),
  benefitMap: benefitMap(c.benefitMap),
  costLines: c.costLines.map(costLine),
  benefitLines: c.benefitLines.map(benefitLine),
});
