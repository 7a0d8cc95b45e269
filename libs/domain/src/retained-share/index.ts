export * from './retained-share.percent';
export * from './retained-share.events';
export * from './retained-share.commands';
export * from './retained-share-in-force';
export { retainedSharePolicyDecider } from './retained-share-policy.decider';
