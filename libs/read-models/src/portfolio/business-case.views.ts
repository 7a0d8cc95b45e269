import {
  computeEconomics,
  sensitivity,
  validateRevision,
  type BusinessCaseContent,
  type ExistingBusinessCase,
} from '@gevinst/domain';

/** The case as the API shows it: status, revisions (without content), approvals, history, current content. */
export function caseView(state: ExistingBusinessCase, streamRevision: bigint | null): Record<string, unknown> {
  const rebaseline = state.rebaseline;
  return {
    caseId: state.caseId,
    status: state.status,
    etag: streamRevision === null ? null : String(streamRevision),
    latestRevision: state.latestRevision,
    approvedRevision: state.approved?.revision ?? null,
    rebaseline,
    topDownEstimate: state.topDownEstimate,
    createdBy: state.createdBy,
    createdAt: state.createdAt,
    current: state.current,
    warnings: validateRevision(state.current).warnings,
    revisions: state.revisions.map((r) => ({ revision: r.revision, reason: r.reason, by: r.by, at: r.at, rebaseline: r.rebaseline, title: r.content.title })),
    approvals: state.approvals.map((a) => ({ revision: a.revision, summary: a.summary, reason: a.reason, by: a.by, at: a.at })),
    history: state.history,
  };
}

/** Economics of one revision, with the rate used and the sensitivity table. */
export function economicsView(content: BusinessCaseContent, revision: number): Record<string, unknown> {
  return {
    revision,
    economics: computeEconomics(content),
    sensitivity: sensitivity(content),
    warnings: validateRevision(content).warnings,
  };
}
