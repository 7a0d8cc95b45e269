// The business case aggregate (stream `business-case-<caseId>`) and its economics.
// Generic names (decide, evolve) stay inside: use `businessCaseDecider`.
export * from './content';
export * from './validate-revision';
export { canonicalContent } from './canonical-content';
export { parseMonth, formatMonth, monthlyAdoptionPct, yearlyAdoptionFactor } from './adoption';
export * from './economics';
export * from './sensitivity';
export * from './diff';
export * from './events';
export * from './commands';
export * from './state';
export { approvalSummaryOf, businessCaseDecider } from './business-case.decider';
