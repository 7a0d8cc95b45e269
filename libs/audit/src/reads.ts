import {
  approvalSummaryOf,
  budgetCutStreamName,
  businessCaseDecider,
  businessCaseStreamName,
  departmentStreamName,
  realisationStreamName,
  RETAINED_SHARE_POLICY_STREAM,
  revisionContent,
  type BusinessCaseEvent,
  type BusinessCaseState,
} from '@gevinst/domain';
import type { EventStore, RecordedEvent } from '@gevinst/event-store';
import { caseStatusView, ledgerDocuments, readDepartmentLedger, realisationCaseDoc, resolveAsOf, type BusinessCaseSummary, type CutRecord, type DocumentReader } from '@gevinst/read-models';
import type { AsOfEngine, AsOfPoint } from './as-of';
import { buildHistory, type HistoryEntry } from './history';
import { jsonSafe } from './records';

/**
 * The audit's reads over an event store (and, to find which streams to read, the read models):
 * histories and "what finance saw". No Nest and no access control here — the API's
 * AuditService checks the caller's scope; the CLI's direct mode is an auditor with read access
 * to the files.
 */
export type History = { subject: Record<string, string>; count: number; entries: HistoryEntry[] };

/** Thrown when the subject does not exist (the API answers 404). */
export class AuditNotFound extends Error {
  override readonly name = 'AuditNotFound';
}

/** The cut exists but was never approved (the API answers 409). */
export class CutNotApproved extends Error {
  override readonly name = 'CutNotApproved';
}

export const eventData = (e: RecordedEvent): Record<string, unknown> => (typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>) : {});

/** Every department a case's revisions name (owner and receiving departments). */
export const caseDepartments = (caseStream: readonly RecordedEvent[]): string[] => {
  const departments = new Set<string>();
  for (const e of caseStream) {
    const content = eventData(e)['content'] as { owningDepartmentId?: string; benefitLines?: { departmentId?: string }[] } | undefined;
    if (!content) continue;
    if (content.owningDepartmentId) departments.add(content.owningDepartmentId);
    for (const line of content.benefitLines ?? []) if (line.departmentId) departments.add(line.departmentId);
  }
  return [...departments].sort();
};

/**
 * The case's own stream, its cuts (harvest stream), its realisation, and the retained-share
 * settings for the case. `cutVisible` leaves out cuts of departments the reader may not see.
 */
export const caseHistory = async (store: EventStore, caseId: string, cutVisible: (departmentId: string) => boolean = () => true): Promise<History & { departments: string[] }> => {
  const caseStream = await store.readStream(businessCaseStreamName(caseId));
  if (caseStream.length === 0) throw new AuditNotFound(`No business case ${caseId}`);
  const [harvest, realisation, policy] = await Promise.all([
    store.readStream(budgetCutStreamName(caseId)),
    store.readStream(realisationStreamName(caseId)),
    store.readStream(RETAINED_SHARE_POLICY_STREAM),
  ]);
  const entries = buildHistory([caseStream, harvest, realisation, policy], (e) => {
    if (e.streamName === RETAINED_SHARE_POLICY_STREAM) return eventData(e)['caseId'] === caseId;
    if (e.streamName.startsWith('harvest-')) return cutVisible(String(eventData(e)['departmentId']));
    return true;
  });
  return { subject: { kind: 'business-case', caseId }, count: entries.length, entries, departments: caseDepartments(caseStream) };
};

/** One cut's history; `departmentId` says whose budget it cuts. */
export const cutHistory = async (store: EventStore, caseId: string, cutId: string): Promise<History & { departmentId: string }> => {
  const harvest = await store.readStream(budgetCutStreamName(caseId));
  const proposal = harvest.find((e) => e.type === 'BudgetCutProposed' && eventData(e)['cutId'] === cutId);
  if (!proposal) throw new AuditNotFound(`No budget cut ${cutId} of business case ${caseId}`);
  const departmentId = String(eventData(proposal)['departmentId']);
  const entries = buildHistory([harvest], (e) => eventData(e)['cutId'] === cutId);
  return { subject: { kind: 'budget-cut', caseId, cutId, departmentId }, count: entries.length, entries, departmentId };
};

/**
 * The department's own stream (registration, head, baseline budgets), every cut of its budget,
 * the retained-share settings that apply to it (default, its own, its cases'), and the
 * approvals that changed its planned savings. The read models only say which cases to look at;
 * the streams are the record.
 */
export const departmentHistory = async (store: EventStore, reader: DocumentReader, departmentId: string): Promise<History> => {
  const own = await store.readStream(departmentStreamName(departmentId));
  if (own.length === 0) throw new AuditNotFound(`No department ${departmentId}`);
  const caseIds = new Set<string>();
  for (const { doc } of reader.list<BusinessCaseSummary>('business-cases', 'cases')) if (doc.departmentIds.includes(departmentId)) caseIds.add(doc.caseId);
  for (const { doc } of reader.list<CutRecord>('department-ledger', 'cuts', { prefix: `${departmentId}|` })) caseIds.add(doc.caseId);
  const ids = [...caseIds].sort();
  const streams = await Promise.all([
    store.readStream(RETAINED_SHARE_POLICY_STREAM),
    ...ids.map((id) => store.readStream(budgetCutStreamName(id))),
    ...ids.map((id) => store.readStream(businessCaseStreamName(id))),
  ]);
  const departmentKey = `department=${departmentId}`;
  const touches = (e: RecordedEvent): boolean => {
    const summary = eventData(e)['summary'] as { budgetEffectiveByDepartmentAndYear?: Record<string, unknown> } | undefined;
    return summary?.budgetEffectiveByDepartmentAndYear !== undefined && Object.prototype.hasOwnProperty.call(summary.budgetEffectiveByDepartmentAndYear, departmentId);
  };
  const ownStream = own[0]!.streamName;
  const entries = buildHistory([own, ...streams], (e) => {
    const d = eventData(e);
    if (e.streamName === ownStream) return true;
    if (e.streamName === RETAINED_SHARE_POLICY_STREAM) return (d['departmentId'] === undefined && d['caseId'] === undefined) || d['departmentId'] === departmentId || caseIds.has(String(d['caseId']));
    if (e.streamName.startsWith('harvest-')) return d['departmentId'] === departmentId;
    return e.type === 'BusinessCaseApproved' && touches(e);
  }).map((entry) =>
    entry.stream.startsWith('business-case-')
      ? { ...entry, changes: entry.changes.filter((c) => c.path.includes(departmentKey) || c.path === 'approvedRevision' || c.path === 'status') }
      : entry,
  );
  return { subject: { kind: 'department', departmentId }, count: entries.length, entries };
};

export const streamHistory = async (store: EventStore, streamName: string): Promise<History> => {
  const events = await store.readStream(streamName);
  if (events.length === 0) throw new AuditNotFound(`No stream ${streamName}`);
  const entries = buildHistory([events]);
  return { subject: { kind: 'stream', stream: streamName }, count: entries.length, entries };
};

/** Where a cut's history starts: its proposal (and so whose budget it cuts). */
export const cutProposal = async (store: EventStore, caseId: string, cutId: string): Promise<{ harvest: RecordedEvent[]; proposal: RecordedEvent; departmentId: string }> => {
  const harvest = await store.readStream(budgetCutStreamName(caseId));
  const proposal = harvest.find((e) => e.type === 'BudgetCutProposed' && eventData(e)['cutId'] === cutId);
  if (!proposal) throw new AuditNotFound(`No budget cut ${cutId} of business case ${caseId}`);
  return { harvest, proposal, departmentId: String(eventData(proposal)['departmentId']) };
};

/**
 * Everything finance had in front of it when the cut was approved, as of the approval event's
 * log position: the cut as proposed, the case's approved numbers (as stored at approval) and
 * the economics of that revision, the department's ledger, and the case's realisation status.
 * `economicsView` renders a revision's economics as the API does.
 */
export const atApproval = async (
  engine: AsOfEngine,
  caseId: string,
  cutId: string,
  economicsView: (content: NonNullable<ReturnType<typeof revisionContent>>, revision: number) => unknown,
): Promise<Record<string, unknown>> => {
  const { harvest, proposal, departmentId } = await cutProposal(engine.store, caseId, cutId);
  const approval = harvest.find((e) => e.type === 'BudgetCutApproved' && eventData(e)['cutId'] === cutId);
  if (!approval) throw new CutNotApproved(`Budget cut ${cutId} has not been approved`);
  const point: AsOfPoint = { kind: 'position', position: approval.position };
  const approvedRevision = Number(eventData(proposal)['approvedRevision']);
  const [{ state }, docs] = await Promise.all([
    engine.load<BusinessCaseState, BusinessCaseEvent>(businessCaseStreamName(caseId), businessCaseDecider, point),
    engine.replay(point, ['department-ledger', 'realisation']),
  ]);
  const content = revisionContent(state, approvedRevision);
  const approvalRecord = state.status === 'empty' ? undefined : state.approvals.filter((a) => a.revision === approvedRevision).pop();
  const reader = docs.reader;
  const realisationDoc = realisationCaseDoc(reader, caseId);
  const meta = approval.metadata;
  return jsonSafe({
    caseId,
    cutId,
    departmentId,
    asOf: { position: String(approval.position), recordedAt: meta.recordedAt },
    approval: { position: String(approval.position), eventId: approval.id, at: meta.recordedAt, by: { id: meta.actorId, role: meta.actorRole }, reason: meta.reason ?? null },
    proposal: { position: String(proposal.position), at: proposal.metadata.recordedAt, by: { id: proposal.metadata.actorId, role: proposal.metadata.actorRole }, reason: proposal.metadata.reason ?? null, figures: proposal.data },
    cut: reader.get<CutRecord>('department-ledger', 'cuts', `${departmentId}|${cutId}`) ?? null,
    businessCase:
      state.status === 'empty'
        ? null
        : {
            caseId,
            title: state.current.title,
            status: state.status,
            approvedRevision,
            approvedSummary: approvalRecord?.summary ?? null,
            approvedBy: approvalRecord ? { ...approvalRecord.by, at: approvalRecord.at, reason: approvalRecord.reason } : null,
            // Recomputed from the pinned revision now; equal to approvedSummary unless the economics code changed since.
            recomputedSummary: content ? approvalSummaryOf(content) : null,
            economics: content ? economicsView(content, approvedRevision) : null,
          },
    ledger: readDepartmentLedger(ledgerDocuments(reader), departmentId) ?? null,
    realisation: realisationDoc ? caseStatusView(reader, realisationDoc, resolveAsOf(reader, undefined, new Date(meta.recordedAt))) : null,
  }) as Record<string, unknown>;
};
