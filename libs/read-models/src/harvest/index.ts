export * from './department-ledger.projection';
