// The domain: pure TypeScript, no IO, no Nest. One folder per aggregate.
export * from './shared';
