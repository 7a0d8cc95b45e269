import { spec } from '@gevinst/testing';
import { IllegalState, InvalidInput, NotPermitted } from '../shared';
import { businessCaseDecider } from './business-case.decider';
import { author, CASE_ID, content, ctx, departmentHead, draft, drafted, finance, otherAuthor, ref, NOW } from './business-case.fixtures';
import type { BusinessCaseCommand } from './commands';
import type { BusinessCaseContent } from './content';

const bc = spec(businessCaseDecider);

describe('drafting a business case', () => {
  it('records revision 1 with the complete content, actor and reason', () => {
    bc.given([])
      .when(draft())
      .then([{ type: 'BusinessCaseDrafted', data: { caseId: CASE_ID, revision: 1, content: content(), reason: 'first version', by: ref(author), at: NOW } }]);
  });

  it('cannot draft a case that exists', () => {
    bc.given([drafted()]).when(draft()).thenThrows(IllegalState, 'already-exists');
  });

  it('refuses invalid content, naming the field', () => {
    const bad = content({ horizonYears: 2, costLines: [{ id: 'c1', description: '', category: 'acquisition', nature: 'one-off', amounts: [{ year: 2029, amount: 1 }] }] });
    let thrown: unknown;
    try {
      businessCaseDecider.decide(draft(bad), businessCaseDecider.initialState());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInput);
    expect((thrown as InvalidInput).code).toBe('outside-horizon');
    expect((thrown as InvalidInput).field).toBe('costLines[0].amounts[0].year');
    expect((thrown as InvalidInput).details?.['errors']).toHaveLength(1);
  });

  it('stores only the known fields of the content', () => {
    const withStray = { ...content(), secret: 'x', costLines: content().costLines.map((l) => ({ ...l, colour: 'red' })) } as BusinessCaseContent;
    bc.given([])
      .when(draft(withStray))
      .thenEvents(([event]) => expect(event?.data).toEqual(expect.objectContaining({ content: content() })));
  });

  it('is for case authors only', () => {
    bc.given([]).when(draft(content(), finance)).thenThrows(NotPermitted, 'role-not-permitted');
    bc.given([]).when(draft(content(), departmentHead)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('lets a case author draft only for their own department', () => {
    bc.given([]).when(draft(content(), otherAuthor)).thenThrows(NotPermitted, 'not-own-department');
  });

  it('needs a reason', () => {
    const noReason: BusinessCaseCommand = { type: 'DraftBusinessCase', data: { caseId: CASE_ID, content: content() }, context: ctx(author, null) };
    bc.given([]).when(noReason).thenThrows(InvalidInput, 'reason-required');
  });

  it('needs a case id', () => {
    const noId: BusinessCaseCommand = { type: 'DraftBusinessCase', data: { caseId: ' ', content: content() }, context: ctx(author) };
    bc.given([]).when(noId).thenThrows(InvalidInput, 'required');
  });
});
