import { diffRevisions } from './diff';
import { benefitLine, content, costLine } from './business-case.fixtures';

const before = content();
const after = content({
  discountRatePct: 4,
  costLines: [
    costLine({ amounts: [{ year: 2027, amount: 1_500_000 }] }), // c1: 1 000 000 → 1 500 000
    costLine({ id: 'c3', description: 'Training', category: 'training', amounts: [{ year: 2028, amount: 50_000 }] }), // added; c2 removed
  ],
  benefitLines: [benefitLine({ adoption: { potentialUsers: 1_000, targetAdoptionPct: 80, rampUpMonths: 0, startMonth: '2027-01' } })],
  benefitMap: { ...before.benefitMap, goals: [{ ...before.benefitMap.goals[0]!, title: 'Most applications arrive digitally' }] },
});
const d = diffRevisions(before, after);

describe('diff of two revisions', () => {
  it('lists changed assumptions before → after', () => {
    expect(d.assumptions).toEqual([{ path: 'discountRatePct', before: 3.5, after: 4 }]);
  });

  it('lists added, removed and changed cost lines, matching amounts by year', () => {
    expect(d.costLines.added.map((l) => l.id)).toEqual(['c3']);
    expect(d.costLines.removed.map((l) => l.id)).toEqual(['c2']);
    expect(d.costLines.changed).toEqual([
      expect.objectContaining({ id: 'c1', changes: [{ path: 'amounts[year=2027].amount', before: 1_000_000, after: 1_500_000 }] }),
    ]);
  });

  it('lists changed benefit lines field by field', () => {
    expect(d.benefitLines.changed).toEqual([
      expect.objectContaining({ id: 'b1', changes: [{ path: 'adoption.targetAdoptionPct', before: 100, after: 80 }] }),
    ]);
    expect(d.benefitLines.added).toEqual([]);
    expect(d.benefitLines.removed).toEqual([]);
  });

  it('lists changes in the benefit map by node id', () => {
    expect(d.benefitMap).toEqual([
      { path: 'benefitMap.goals[id=g1].title', before: 'Applications arrive digitally', after: 'Most applications arrive digitally' },
    ]);
  });

  it('shows what the changes did to NPV and payback', () => {
    // before: NPV 2 379 633 (see review.spec), net positive from 2027 → payback 0
    // after at 4 %: benefits 960 000 a year; costs 1 500 000 (2027), 50 000 (2028)
    //   PV benefits = 960 000 × (1 + 1/1.04 + 1/1.04²) = 2 770 650.89 → 2 770 651
    //   PV costs = 1 500 000 + 50 000/1.04 = 1 548 076.92 → 1 548 077; NPV = 1 222 574
    //   cumulative −540 000, +370 000 → payback 1 + 540 000/910 000 = 1.5934
    expect(d.economics.npv).toEqual({ before: 2_379_633, after: 1_222_574, delta: 1_222_574 - 2_379_633 });
    expect(d.economics.discountRatePct).toEqual({ before: 3.5, after: 4 });
    expect(d.economics.payback.before).toBe(0);
    expect(d.economics.payback.after).toBeCloseTo(1.5934066, 6);
    expect(d.economics.totalCosts).toEqual({ before: 1_100_000, after: 1_550_000, delta: 450_000 });
  });

  it('shows the yearly budget-effective benefits per department that changed', () => {
    // 1 200 000 × 100 % → × 80 % = 960 000 in each year
    expect(d.economics.budgetEffectiveByDepartmentAndYear).toEqual([
      { departmentId: 'social', year: 2027, before: 1_200_000, after: 960_000, delta: -240_000 },
      { departmentId: 'social', year: 2028, before: 1_200_000, after: 960_000, delta: -240_000 },
      { departmentId: 'social', year: 2029, before: 1_200_000, after: 960_000, delta: -240_000 },
    ]);
    expect(d.identical).toBe(false);
  });

  it('covers departments and years that exist on one side only', () => {
    const moved = content({ horizonYears: 4, benefitLines: [benefitLine({ departmentId: 'culture' })] });
    const changes = diffRevisions(before, moved).economics.budgetEffectiveByDepartmentAndYear;
    expect(changes).toContainEqual({ departmentId: 'culture', year: 2030, before: 0, after: 1_200_000, delta: 1_200_000 });
    expect(changes).toContainEqual({ departmentId: 'social', year: 2027, before: 1_200_000, after: 0, delta: -1_200_000 });
  });

  it('reports the origin changing from a national case to a local estimate', () => {
    const derived = content({ origin: { kind: 'derived-from-national', nationalCaseRef: 'KL', scalingKey: 'population', localValue: 1, nationalValue: 10 } });
    const changes = diffRevisions(derived, content()).assumptions;
    expect(changes).toContainEqual({ path: 'origin.kind', before: 'derived-from-national', after: 'local' });
    expect(changes).toContainEqual({ path: 'origin.nationalCaseRef', before: 'KL', after: undefined });
  });

  it('finds nothing between equal revisions', () => {
    const same = diffRevisions(content(), content());
    expect(same.identical).toBe(true);
    expect(same.economics.budgetEffectiveByDepartmentAndYear).toEqual([]);
    expect(same.economics.npv.delta).toBe(0);
  });
});
