import { fold } from '../shared';
import { businessCaseDecider } from './business-case.decider';
import { approvedStream, content, drafted, revised, submitted } from './business-case.fixtures';
import { approvedBudgetEffective, revisionContent } from './state';

const derived = content({
  origin: { kind: 'derived-from-national', nationalCaseRef: 'Digital post, national case 2023', scalingKey: 'population', localValue: 60_000, nationalValue: 5_900_000 },
});

describe('business case state', () => {
  it('flags a derived case as a top-down estimate until a local revision grounds it', () => {
    const d = fold(businessCaseDecider, [drafted(derived)]);
    expect(d.status !== 'empty' && d.topDownEstimate).toBe(true);
    const grounded = fold(businessCaseDecider, [drafted(derived), revised(2, content())]);
    expect(grounded.status !== 'empty' && grounded.topDownEstimate).toBe(false);
  });

  it('keeps every revision, so that any two can be compared', () => {
    const v2 = content({ title: 'v2' });
    const s = fold(businessCaseDecider, [drafted(), revised(2, v2), submitted(2)]);
    expect(revisionContent(s, 1)).toEqual(content());
    expect(revisionContent(s, 2)).toEqual(v2);
    expect(revisionContent(s, 3)).toBeUndefined();
  });

  it('has no approved budget-effective benefits before approval', () => {
    expect(approvedBudgetEffective(fold(businessCaseDecider, [drafted(), submitted(1)]))).toEqual({});
    expect(approvedBudgetEffective(fold(businessCaseDecider, approvedStream()))).toEqual({ social: { 2027: 1 } });
  });

  it('starts empty', () => {
    expect(businessCaseDecider.initialState()).toEqual({ status: 'empty' });
  });
});
