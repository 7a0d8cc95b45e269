export * from './business-cases.projection';
export * from './departments.projection';
