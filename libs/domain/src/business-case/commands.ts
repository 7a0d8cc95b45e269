/**
 * Commands on a business case. The actor, the instant and the reason arrive in `context`;
 * every command needs a non-empty reason.
 */
import type { DomainCommand } from '../shared';
import type { BusinessCaseContent } from './content';

interface CaseRef {
  readonly caseId: string;
}

/** Creates the case with revision 1. */
export type DraftBusinessCase = DomainCommand<'DraftBusinessCase', CaseRef & { readonly content: BusinessCaseContent }>;
/** A complete new revision; after approval it is a re-baseline. */
export type ReviseBusinessCase = DomainCommand<'ReviseBusinessCase', CaseRef & { readonly content: BusinessCaseContent }>;
/** Submits the latest revision (the case, or its re-baseline) for approval. */
export type SubmitBusinessCase = DomainCommand<'SubmitBusinessCase', CaseRef>;
/** `revision` is the revision the approver looked at: it must be the one under review. */
export type ApproveBusinessCase = DomainCommand<'ApproveBusinessCase', CaseRef & { readonly revision: number }>;
export type RejectBusinessCase = DomainCommand<'RejectBusinessCase', CaseRef & { readonly revision: number }>;
export type ReturnBusinessCaseForRevision = DomainCommand<'ReturnBusinessCaseForRevision', CaseRef & { readonly revision: number }>;
export type StartBusinessCaseImplementation = DomainCommand<'StartBusinessCaseImplementation', CaseRef>;
export type TakeBusinessCaseLive = DomainCommand<'TakeBusinessCaseLive', CaseRef>;
export type CloseBusinessCase = DomainCommand<'CloseBusinessCase', CaseRef>;

export type BusinessCaseCommand =
  | DraftBusinessCase
  | ReviseBusinessCase
  | SubmitBusinessCase
  | ApproveBusinessCase
  | RejectBusinessCase
  | ReturnBusinessCaseForRevision
  | StartBusinessCaseImplementation
  | TakeBusinessCaseLive
  | CloseBusinessCase;

export type BusinessCaseCommandType = BusinessCaseCommand['type'];
