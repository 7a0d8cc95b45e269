export * from './business-cases.projection';
export * from './departments.projection';
export * from './business-case.views';
