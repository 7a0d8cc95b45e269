export * from './municipality-settings.decider';
