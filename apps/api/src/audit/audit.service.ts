import { Inject, Injectable } from '@nestjs/common';
import {
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
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@gevinst/event-store';
import { caseStatusView, realisationCaseDoc, resolveAsOf, type BusinessCaseSummary, type CutRecord } from '@gevinst/read-models';
import type { AppConfig, AuthenticatedActor } from '@gevinst/platform';
import { isScoped, assertDepartmentScope } from '../auth/scope';
import { economicsView } from '../business-cases/business-case.views';
import { ForbiddenProblem, NotFoundProblem, ProblemError, PROBLEM_TYPE_BASE } from '../http/problem';
import { APP_CONFIG } from '../infrastructure/tokens';
import { ReadModels } from '../read-models/read-models';
import { AsOfService, toProblem } from './as-of.service';
import { buildHistory, type HistoryEntry } from './core/history';
import { verifyLogFile, type ChainReport, type KeptHead } from './core/chain';
import { eventRecord, jsonSafe, replayVerification, type EventRecord, type ReplayVerificationReport } from './core/records';
import { whatIf, type WhatIfAssumptions, type WhatIfReport } from './core/what-if';
import type { AsOfPoint } from './core/as-of';

export type History = { subject: Record<string, string>; count: number; entries: HistoryEntry[] };

const data = (e: RecordedEvent): Record<string, unknown> => (typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>) : {});

/**
 * The auditor's reads: histories with before → after, raw streams and the log, tamper evidence,
 * replay verification, what-if replays and "what did finance see". Reads only: nothing here
 * appends an event or writes a read model.
 */
@Injectable()
export class AuditService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readModels: ReadModels,
    private readonly asOf: AsOfService,
  ) {}

  // --- history ---------------------------------------------------------------------------

  /** The case's own stream, its cuts (harvest stream), its realisation, and retained-share settings for the case. */
  async caseHistory(caseId: string, actor: AuthenticatedActor): Promise<History> {
    const caseStream = await this.store.readStream(businessCaseStreamName(caseId));
    if (caseStream.length === 0) throw new NotFoundProblem(`No business case ${caseId}`);
    this.assertCaseVisible(caseId, caseStream, actor);
    const [harvest, realisation, policy] = await Promise.all([
      this.store.readStream(budgetCutStreamName(caseId)),
      this.store.readStream(realisationStreamName(caseId)),
      this.store.readStream(RETAINED_SHARE_POLICY_STREAM),
    ]);
    const scoped = isScoped(actor);
    const entries = buildHistory([caseStream, harvest, realisation, policy], (e) => {
      if (e.streamName === RETAINED_SHARE_POLICY_STREAM) return data(e)['caseId'] === caseId;
      // A department head of one receiving department sees that department's cuts only.
      if (scoped && e.streamName.startsWith('harvest-')) return actor.departments.includes(String(data(e)['departmentId']));
      return true;
    });
    return { subject: { kind: 'business-case', caseId }, count: entries.length, entries };
  }

  async cutHistory(caseId: string, cutId: string, actor: AuthenticatedActor): Promise<History> {
    const harvest = await this.store.readStream(budgetCutStreamName(caseId));
    const proposal = harvest.find((e) => e.type === 'BudgetCutProposed' && data(e)['cutId'] === cutId);
    if (!proposal) throw new NotFoundProblem(`No budget cut ${cutId} of business case ${caseId}`);
    assertDepartmentScope(actor, String(data(proposal)['departmentId']));
    const entries = buildHistory([harvest], (e) => data(e)['cutId'] === cutId);
    return { subject: { kind: 'budget-cut', caseId, cutId, departmentId: String(data(proposal)['departmentId']) }, count: entries.length, entries };
  }

  /**
   * The department's own stream (registration, head, baseline budgets), every cut of its budget,
   * the retained-share settings that apply to it (default, its own, its cases'), and the
   * approvals that changed its planned savings.
   */
  async departmentHistory(departmentId: string, actor: AuthenticatedActor): Promise<History> {
    assertDepartmentScope(actor, departmentId);
    const own = await this.store.readStream(departmentStreamName(departmentId));
    if (own.length === 0) throw new NotFoundProblem(`No department ${departmentId}`);
    // The read models only say where to look; the streams are the record.
    const reader = this.readModels.reader;
    const caseIds = new Set<string>();
    for (const { doc } of reader.list<BusinessCaseSummary>('business-cases', 'cases')) if (doc.departmentIds.includes(departmentId)) caseIds.add(doc.caseId);
    for (const { doc } of reader.list<CutRecord>('department-ledger', 'cuts', { prefix: `${departmentId}|` })) caseIds.add(doc.caseId);
    const ids = [...caseIds].sort();
    const streams = await Promise.all([
      this.store.readStream(RETAINED_SHARE_POLICY_STREAM),
      ...ids.map((id) => this.store.readStream(budgetCutStreamName(id))),
      ...ids.map((id) => this.store.readStream(businessCaseStreamName(id))),
    ]);
    const departmentKey = `department=${departmentId}`;
    const touches = (e: RecordedEvent): boolean => {
      const summary = data(e)['summary'] as { budgetEffectiveByDepartmentAndYear?: Record<string, unknown> } | undefined;
      return summary?.budgetEffectiveByDepartmentAndYear !== undefined && Object.prototype.hasOwnProperty.call(summary.budgetEffectiveByDepartmentAndYear, departmentId);
    };
    const entries = buildHistory([own, ...streams], (e) => {
      const d = data(e);
      if (e.streamName === own[0]!.streamName) return true;
      if (e.streamName === RETAINED_SHARE_POLICY_STREAM) return (d['departmentId'] === undefined && d['caseId'] === undefined) || d['departmentId'] === departmentId || caseIds.has(String(d['caseId']));
      if (e.streamName.startsWith('harvest-')) return d['departmentId'] === departmentId;
      return e.type === 'BusinessCaseApproved' && touches(e);
    }).map((entry) =>
      entry.stream.startsWith('business-case-')
        ? { ...entry, changes: entry.changes.filter((c) => c.path.includes(departmentKey) || c.path === 'approvedRevision' || c.path === 'status') }
        : entry,
    );
    return { subject: { kind: 'department', departmentId }, count: entries.length, entries };
  }

  async streamHistory(streamName: string): Promise<History> {
    const events = await this.store.readStream(streamName);
    if (events.length === 0) throw new NotFoundProblem(`No stream ${streamName}`);
    const entries = buildHistory([events]);
    return { subject: { kind: 'stream', stream: streamName }, count: entries.length, entries };
  }

  // --- raw events ------------------------------------------------------------------------

  async rawStream(streamName: string): Promise<{ stream: string; events: EventRecord[] }> {
    const events = await this.store.readStream(streamName);
    if (events.length === 0) throw new NotFoundProblem(`No stream ${streamName}`);
    return { stream: streamName, events: events.map(eventRecord) };
  }

  /** One page of the global log, for exports: `next` is the `after` of the next page (null at the end). */
  async logPage(after: bigint, limit: number): Promise<{ head: string | null; events: EventRecord[]; next: string | null }> {
    const [events, head] = await Promise.all([this.store.readAll({ after: after === 0n ? 'start' : after, maxCount: limit }), this.store.headPosition()]);
    const last = events[events.length - 1];
    return { head: head === 'start' ? null : String(head), events: events.map(eventRecord), next: last && events.length === limit ? String(last.position) : null };
  }

  // --- tamper evidence and replay --------------------------------------------------------

  async verify(expect?: KeptHead): Promise<ChainReport & { store: string; verifiedAt: string }> {
    const file = this.sqliteFile();
    return { store: 'sqlite', verifiedAt: new Date().toISOString(), ...(await verifyLogFile(file, expect)) };
  }

  async chainHead(): Promise<{ store: string; head: { position: string; hash: string } | null; keep: string | null; exportedAt: string; recordedAt: string | null }> {
    const report = await verifyLogFile(this.sqliteFile());
    if (!report.ok) {
      throw new ProblemError({ type: `${PROBLEM_TYPE_BASE}chain-broken`, title: 'The hash chain does not verify', status: 409, code: 'chain-broken', detail: `No head to keep: ${report.break?.detail ?? 'the chain does not verify'}`, break: report.break });
    }
    const recordedAt = report.head ? ((await this.asOf.engine.timeAt(BigInt(report.head.position))) ?? null) : null;
    return { store: 'sqlite', head: report.head, keep: report.head ? `${report.head.position}:${report.head.hash}` : null, recordedAt, exportedAt: new Date().toISOString() };
  }

  replayVerify(): Promise<ReplayVerificationReport> {
    return replayVerification(this.store, this.readModels.projections, this.readModels.docs);
  }

  whatIf(assumptions: WhatIfAssumptions, point?: AsOfPoint): Promise<WhatIfReport> {
    return whatIf(this.store, this.readModels.projections, assumptions, point).catch((error: unknown) => {
      throw toProblem(error);
    });
  }

  // --- what finance saw ------------------------------------------------------------------

  /**
   * Everything finance had in front of it when the cut was approved, as of the approval event's
   * log position: the cut as proposed, the case's approved numbers (as stored at approval) and
   * the economics of that revision, the department's ledger, and the case's realisation status.
   */
  async atApproval(caseId: string, cutId: string, actor: AuthenticatedActor): Promise<Record<string, unknown>> {
    const harvest = await this.store.readStream(budgetCutStreamName(caseId));
    const proposal = harvest.find((e) => e.type === 'BudgetCutProposed' && data(e)['cutId'] === cutId);
    if (!proposal) throw new NotFoundProblem(`No budget cut ${cutId} of business case ${caseId}`);
    const departmentId = String(data(proposal)['departmentId']);
    assertDepartmentScope(actor, departmentId);
    const approval = harvest.find((e) => e.type === 'BudgetCutApproved' && data(e)['cutId'] === cutId);
    if (!approval) {
      throw new ProblemError({ type: `${PROBLEM_TYPE_BASE}cut-not-approved`, title: 'Not approved', status: 409, code: 'cut-not-approved', detail: `Budget cut ${cutId} has not been approved` });
    }
    const point: AsOfPoint = { kind: 'position', position: approval.position };
    const approvedRevision = Number(data(proposal)['approvedRevision']);
    const [{ state }, docs] = await Promise.all([
      this.asOf.engine.load<BusinessCaseState, BusinessCaseEvent>(businessCaseStreamName(caseId), businessCaseDecider, point),
      this.asOf.engine.replay(point, ['department-ledger', 'realisation']),
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
              economics: content ? economicsView(content, approvedRevision) : null,
            },
      ledger: reader.get('department-ledger', 'ledgers', departmentId) ?? null,
      realisation: realisationDoc ? caseStatusView(reader, realisationDoc, resolveAsOf(reader, undefined, new Date(meta.recordedAt))) : null,
    }) as Record<string, unknown>;
  }

  // ---------------------------------------------------------------------------------------

  private sqliteFile(): string {
    if (this.config.eventStore.kind !== 'sqlite') {
      throw new ProblemError({
        type: `${PROBLEM_TYPE_BASE}not-available-on-eventstoredb`,
        title: 'Not available on EventStoreDB',
        status: 501,
        code: 'not-available-on-eventstoredb',
        detail:
          'The hash chain is a feature of the embedded SQLite log. On EventStoreDB the server is the authority over the log: use its own integrity and backup facilities; replay verification and history work as usual.',
      });
    }
    return this.config.eventStore.file;
  }

  private assertCaseVisible(caseId: string, caseStream: readonly RecordedEvent[], actor: AuthenticatedActor): void {
    if (!isScoped(actor)) return;
    const departments = new Set<string>();
    for (const e of caseStream) {
      const content = data(e)['content'] as { owningDepartmentId?: string; benefitLines?: { departmentId?: string }[] } | undefined;
      if (!content) continue;
      if (content.owningDepartmentId) departments.add(content.owningDepartmentId);
      for (const line of content.benefitLines ?? []) if (line.departmentId) departments.add(line.departmentId);
    }
    if (![...departments].some((d) => actor.departments.includes(d))) throw new ForbiddenProblem(`You may only see the history of your own department's business cases (not ${caseId})`);
  }
}
