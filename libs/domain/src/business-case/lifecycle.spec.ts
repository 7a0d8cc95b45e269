import { spec } from '@gevinst/testing';
import { IllegalState, InvalidInput, NotFound, NotPermitted, fold } from '../shared';
import { businessCaseDecider } from './business-case.decider';
import {
  approvedStream,
  auditor,
  author,
  CASE_ID,
  close,
  closed,
  departmentHead,
  drafted,
  finance,
  goLive,
  implementationStarted,
  inImplementationStream,
  inOperationStream,
  management,
  NOW,
  otherAuthor,
  ref,
  startImplementation,
  submitted,
} from './business-case.fixtures';
import type { BusinessCaseCommand } from './commands';
import type { BusinessCaseEvent } from './events';

const bc = spec(businessCaseDecider);
const statusAfter = (events: BusinessCaseEvent[]) => fold(businessCaseDecider, events).status;

describe('lifecycle: approved → in implementation → in operation → closed', () => {
  it('starts implementation of an approved case', () => {
    bc.given(approvedStream())
      .when(startImplementation())
      .then([{ type: 'BusinessCaseImplementationStarted', data: { caseId: CASE_ID, reason: 'contract signed', by: ref(author), at: NOW } }]);
  });

  it('does not start implementation before approval', () => {
    bc.given([drafted()]).when(startImplementation()).thenThrows(IllegalState, 'not-approved');
    bc.given([drafted(), submitted(1)]).when(startImplementation()).thenThrows(IllegalState, 'not-approved');
  });

  it('does not start implementation twice', () => {
    bc.given(inImplementationStream()).when(startImplementation()).thenThrows(IllegalState, 'not-approved');
  });

  it('goes live from implementation', () => {
    bc.given(inImplementationStream())
      .when(goLive())
      .then([{ type: 'BusinessCaseWentLive', data: { caseId: CASE_ID, reason: 'launched', by: ref(author), at: NOW } }]);
  });

  it('does not go live without implementation', () => {
    bc.given(approvedStream()).when(goLive()).thenThrows(IllegalState, 'not-in-implementation');
    bc.given(inOperationStream()).when(goLive()).thenThrows(IllegalState, 'not-in-implementation');
  });

  it('closes a case in operation', () => {
    bc.given(inOperationStream())
      .when(close(finance))
      .then([{ type: 'BusinessCaseClosed', data: { caseId: CASE_ID, reason: 'benefits realised', by: ref(finance), at: NOW } }]);
  });

  it('closes only a case in operation', () => {
    bc.given(inImplementationStream()).when(close()).thenThrows(IllegalState, 'not-in-operation');
    bc.given([drafted()]).when(close()).thenThrows(IllegalState, 'not-in-operation');
  });

  it('is final once closed', () => {
    const closedCase = [...inOperationStream(), closed()];
    bc.given(closedCase).when(close()).thenThrows(IllegalState, 'not-in-operation');
    bc.given(closedCase).when(startImplementation()).thenThrows(IllegalState, 'not-approved');
  });

  it('folds to the status of each phase', () => {
    expect(statusAfter(approvedStream())).toBe('approved');
    expect(statusAfter(inImplementationStream())).toBe('in-implementation');
    expect(statusAfter(inOperationStream())).toBe('in-operation');
    expect(statusAfter([...inOperationStream(), closed()])).toBe('closed');
  });

  it('refuses phase commands on a case that does not exist', () => {
    bc.given([]).when(startImplementation()).thenThrows(NotFound, 'business-case-not-found');
  });

  it('refuses a command for another case id', () => {
    const cmd: BusinessCaseCommand = { type: 'StartBusinessCaseImplementation', data: { caseId: 'case-2' }, context: startImplementation().context };
    bc.given(approvedStream()).when(cmd).thenThrows(InvalidInput, 'case-id-mismatch');
  });

  it('needs a reason for every phase transition', () => {
    bc.given(approvedStream()).when(startImplementation(author, '')).thenThrows(InvalidInput, 'reason-required');
    bc.given(inImplementationStream()).when(goLive(author, '')).thenThrows(InvalidInput, 'reason-required');
    bc.given(inOperationStream()).when(close(author, '')).thenThrows(InvalidInput, 'reason-required');
  });
});

describe('lifecycle: who moves a case to its next phase', () => {
  it('lets finance, management and a case author of the department do it', () => {
    for (const actor of [finance, management, author]) {
      bc.given(approvedStream())
        .when(startImplementation(actor))
        .thenEvents(([e]) => expect(e?.type).toBe('BusinessCaseImplementationStarted'));
    }
  });

  it('does not let a case author of another department do it', () => {
    bc.given(approvedStream()).when(startImplementation(otherAuthor)).thenThrows(NotPermitted, 'not-own-department');
    bc.given(inImplementationStream()).when(goLive(otherAuthor)).thenThrows(NotPermitted, 'not-own-department');
    bc.given(inOperationStream()).when(close(otherAuthor)).thenThrows(NotPermitted, 'not-own-department');
  });

  it('does not let auditors or department heads do it', () => {
    bc.given(approvedStream()).when(startImplementation(auditor)).thenThrows(NotPermitted, 'role-not-permitted');
    bc.given(inImplementationStream()).when(goLive(departmentHead)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('records every transition with actor and reason in the history', () => {
    const state = fold(businessCaseDecider, [...inOperationStream(), closed(), implementationStarted()]);
    if (state.status === 'empty') throw new Error('unexpected');
    expect(state.history.map((h) => [h.event, h.status, h.by.id, h.reason])).toEqual([
      ['BusinessCaseDrafted', 'draft', 'anna', 'first version'],
      ['BusinessCaseSubmitted', 'submitted', 'anna', 'ready'],
      ['BusinessCaseApproved', 'approved', 'fie', 'good case'],
      ['BusinessCaseImplementationStarted', 'in-implementation', 'anna', 'contract signed'],
      ['BusinessCaseWentLive', 'in-operation', 'anna', 'launched'],
      ['BusinessCaseClosed', 'closed', 'anna', 'benefits realised'],
      // an event that does not fit the state (here: after closing) changes nothing
    ]);
  });
});
