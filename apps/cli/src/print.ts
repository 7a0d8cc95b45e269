import type { ChainReport, History, ReplayVerificationReport, WhatIfReport } from '@gevinst/audit';

/** Human-readable renderings of the audit's answers (--json gives the data itself). */

const value = (v: unknown): string => (v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v));
const clip = (text: string, max = 160): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export const printHistory = (history: History): string => {
  const lines = [`${Object.entries(history.subject).map(([k, v]) => `${k}: ${v}`).join(', ')} — ${history.count} events`];
  for (const e of history.entries) {
    lines.push('');
    lines.push(`#${e.position}  ${e.recordedAt}  ${e.actor.id} (${e.actor.role})  ${e.type}  [${e.stream} r${e.revision}]`);
    lines.push(`    ${e.summary}`);
    if (e.reason) lines.push(`    reason: ${e.reason}`);
    for (const c of e.changes) lines.push(`    ${c.path}: ${clip(value(c.before))} → ${clip(value(c.after))}`);
  }
  return `${lines.join('\n')}\n`;
};

export const printVerify = (r: ChainReport): string => {
  const lines: string[] = [];
  if (r.break) lines.push(`BROKEN at position ${r.break.position} (${r.break.reason}): ${r.break.detail}`, `${r.count} events verified before it.`);
  else lines.push(`OK: ${r.count} events verified from the first; head ${r.head ? `${r.head.position}:${r.head.hash}` : '(empty log)'}`);
  if (r.expectedHead) lines.push(`${r.expectedHead.found ? 'OK' : 'NOT FOUND'}: kept head ${r.expectedHead.position}:${r.expectedHead.hash} — ${r.expectedHead.detail}`);
  return `${lines.join('\n')}\n`;
};

export const printReplay = (r: ReplayVerificationReport): string => {
  const lines = [r.ok ? 'OK: every projection rebuilt from position 0 equals its live read model' : `DIFFERENT: ${r.failed.join(', ')}`];
  for (const p of r.projections) {
    lines.push(`  ${p.projection.padEnd(20)} ${p.status.padEnd(16)} checkpoint ${String(p.position ?? '-').padStart(8)}  ${String(p.documents ?? '-').padStart(7)} documents  ${p.differences} differences`);
  }
  for (const d of r.differences) lines.push(`  ${d.projection} ${d.collection}/${d.key}:\n    live:    ${clip(JSON.stringify(d.live), 400)}\n    rebuilt: ${clip(JSON.stringify(d.rebuilt), 400)}`);
  return `${lines.join('\n')}\n`;
};

const kr = (ore: number): string => `${(ore / 100).toLocaleString('da-DK', { minimumFractionDigits: 0, maximumFractionDigits: 0 })} kr.`;
const delta = (d: number): string => (d === 0 ? '±0' : `${d > 0 ? '+' : ''}${kr(d)}`);

export const printWhatIf = (r: WhatIfReport): string => {
  const lines = [`What-if as of log position ${r.position}: ${JSON.stringify(r.assumptions)} (nothing written)`, ''];
  lines.push(`Approved NPV, all cases: ${kr(r.totals.approvedNpv.actual)} → ${kr(r.totals.approvedNpv.whatIf)} (${delta(r.totals.approvedNpv.delta)})`);
  lines.push(`Planned gross savings:   ${kr(r.totals.plannedGross.actual)} → ${kr(r.totals.plannedGross.whatIf)} (${delta(r.totals.plannedGross.delta)})`);
  lines.push(`Booked cuts:             ${kr(r.totals.booked.actual)} → ${kr(r.totals.booked.whatIf)} (${delta(r.totals.booked.delta)})`);
  lines.push(`Retained by departments: ${kr(r.totals.retained.actual)} → ${kr(r.totals.retained.whatIf)} (${delta(r.totals.retained.delta)})`);
  lines.push('', 'Cases (approved NPV):');
  for (const c of r.cases) {
    if (c.approved) lines.push(`  ${c.caseId}  ${clip(c.title, 40).padEnd(40)}  ${kr(c.approved.npv.actual)} → ${kr(c.approved.npv.whatIf)} (${delta(c.approved.npv.delta)}) at ${c.approved.discountRatePct.whatIf} %`);
  }
  lines.push('', 'Cuts (gross / retained / amount):');
  for (const c of r.cuts) {
    lines.push(`  ${c.cutId}  ${c.departmentId} ${c.year} ${c.status}: gross ${delta(c.gross.delta)}, share ${c.sharePct.actual} → ${c.sharePct.whatIf} %, retained ${delta(c.retained.delta)}, amount ${delta(c.amount.delta)}${c.amountChosen ? ' (amount chosen by finance, kept)' : ''}`);
  }
  return `${lines.join('\n')}\n`;
};
