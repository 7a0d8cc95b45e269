export * from './portfolio-scenarios.projection';
