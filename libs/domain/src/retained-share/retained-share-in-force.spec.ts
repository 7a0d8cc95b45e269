import { fold } from '../shared/decider';
import { RuleViolated } from '../shared/errors';
import type { RetainedSharePolicyEvent } from './retained-share.events';
import { requireRetainedShareInForce, retainedShareInForce, retainedSharesByYear } from './retained-share-in-force';
import { retainedSharePolicyDecider } from './retained-share-policy.decider';

const change = { reason: 'Budget agreement', setBy: 'dorte', setAt: '2026-01-10T09:00:00Z' };
const byDefault = (pct: number, effectiveFromYear: number): RetainedSharePolicyEvent => ({
  type: 'DefaultRetainedShareSet',
  data: { pct, effectiveFromYear, ...change },
});
const forDepartment = (departmentId: string, pct: number, effectiveFromYear: number): RetainedSharePolicyEvent => ({
  type: 'DepartmentRetainedShareSet',
  data: { departmentId, pct, effectiveFromYear, ...change },
});
const forCase = (caseId: string, pct: number, effectiveFromYear: number): RetainedSharePolicyEvent => ({
  type: 'CaseRetainedShareSet',
  data: { caseId, pct, effectiveFromYear, ...change },
});
const policy = (...events: RetainedSharePolicyEvent[]) => fold(retainedSharePolicyDecider, events);

describe('retained share in force', () => {
  it('is the municipality default when nothing overrides it', () => {
    expect(retainedShareInForce(policy(byDefault(20, 2026)), { departmentId: 'social', caseId: 'c1', year: 2026 })).toEqual({
      pct: 20,
      source: 'default',
      effectiveFromYear: 2026,
    });
  });

  it("prefers the department's setting to the default", () => {
    const p = policy(byDefault(20, 2026), forDepartment('social', 30, 2026));
    expect(retainedShareInForce(p, { departmentId: 'social', year: 2027 })).toMatchObject({ pct: 30, source: 'department' });
    expect(retainedShareInForce(p, { departmentId: 'tech', year: 2027 })).toMatchObject({ pct: 20, source: 'default' });
  });

  it("prefers the case's setting to the department's", () => {
    const p = policy(byDefault(20, 2026), forDepartment('social', 30, 2026), forCase('c1', 50, 2026));
    expect(retainedShareInForce(p, { departmentId: 'social', caseId: 'c1', year: 2026 })).toMatchObject({ pct: 50, source: 'case' });
    expect(retainedShareInForce(p, { departmentId: 'social', caseId: 'c2', year: 2026 })).toMatchObject({ pct: 30, source: 'department' });
  });

  it('keeps the policy of past years: a change effective from a later year does not touch earlier ones', () => {
    const p = policy(byDefault(20, 2025), byDefault(35, 2028));
    expect(retainedShareInForce(p, { departmentId: 'social', year: 2025 })?.pct).toBe(20);
    expect(retainedShareInForce(p, { departmentId: 'social', year: 2027 })?.pct).toBe(20);
    expect(retainedShareInForce(p, { departmentId: 'social', year: 2028 })).toMatchObject({ pct: 35, effectiveFromYear: 2028 });
    expect(retainedShareInForce(p, { departmentId: 'social', year: 2031 })?.pct).toBe(35);
  });

  it('applies an override only from its effective year; before it the next scope governs', () => {
    const p = policy(byDefault(20, 2025), forCase('c1', 60, 2027));
    expect(retainedShareInForce(p, { departmentId: 'social', caseId: 'c1', year: 2026 })).toMatchObject({ pct: 20, source: 'default' });
    expect(retainedShareInForce(p, { departmentId: 'social', caseId: 'c1', year: 2027 })).toMatchObject({ pct: 60, source: 'case' });
  });

  it('holds each setting until the next later-effective one, whatever order they were recorded in', () => {
    // 2028 planned first, then 2026 decided: 2026–2027 at 25 %, from 2028 at 30 %
    const p = policy(byDefault(30, 2028), byDefault(25, 2026));
    expect(retainedShareInForce(p, { departmentId: 'd', year: 2027 })?.pct).toBe(25);
    expect(retainedShareInForce(p, { departmentId: 'd', year: 2029 })?.pct).toBe(30);
  });

  it('lets the last recorded setting win between two from the same year', () => {
    const p = policy(byDefault(20, 2026), byDefault(22.5, 2026));
    expect(retainedShareInForce(p, { departmentId: 'd', year: 2026 })?.pct).toBe(22.5);
  });

  it('falls back when an override is cleared, from the year it is cleared', () => {
    const p = policy(byDefault(20, 2026), forDepartment('social', 30, 2026), {
      type: 'DepartmentRetainedShareCleared',
      data: { departmentId: 'social', effectiveFromYear: 2028, ...change },
    });
    expect(retainedShareInForce(p, { departmentId: 'social', year: 2027 })).toMatchObject({ pct: 30, source: 'department' });
    expect(retainedShareInForce(p, { departmentId: 'social', year: 2028 })).toMatchObject({ pct: 20, source: 'default' });
  });

  it('falls back from a cleared case override to the department', () => {
    const p = policy(byDefault(20, 2026), forDepartment('social', 30, 2026), forCase('c1', 50, 2026), {
      type: 'CaseRetainedShareCleared',
      data: { caseId: 'c1', effectiveFromYear: 2027, ...change },
    });
    expect(retainedShareInForce(p, { departmentId: 'social', caseId: 'c1', year: 2027 })).toMatchObject({ pct: 30, source: 'department' });
  });

  it('is undefined where no policy is in force, and requireRetainedShareInForce refuses', () => {
    const p = policy(byDefault(20, 2027));
    expect(retainedShareInForce(p, { departmentId: 'social', year: 2026 })).toBeUndefined();
    expect(() => requireRetainedShareInForce(p, { departmentId: 'social', year: 2026 })).toThrow(RuleViolated);
  });

  it('gives the share per year in the shape ProposeBudgetCut takes', () => {
    const p = policy(byDefault(20, 2026), forDepartment('social', 30, 2028));
    expect(retainedSharesByYear(p, { departmentId: 'social', caseId: 'c1', years: [2025, 2026, 2027, 2028] })).toEqual({
      '2026': 20,
      '2027': 20,
      '2028': 30,
    });
  });
});
