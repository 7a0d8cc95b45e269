export * from './realisation-plan';
export * from './realisation-figures';
export * from './realisation-scope';
export * from './realisation.projection';
export * from './realisation-views';
export * from './report-input';
