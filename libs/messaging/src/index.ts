// The messaging port and its kafkajs adapter; the relay (event log → integration events) and the
// measurement consumer (measurements → recordMeasurement) work against the port.
export * from './port/messages';
export * from './support/backoff';
export * from './support/logger';

export * from './kafkajs/kafka-client';
export * from './kafkajs/kafkajs-publisher';
export * from './kafkajs/kafkajs-consumer';
export * from './kafkajs/topics';

export * from './relay/integration-event';
export * from './relay/integration-event-registry';
export * from './relay/checkpoint-store';
export * from './relay/sqlite-checkpoint-store';
export * from './relay/event-relay';
export * from './relay/gevinst-integration-events';

export * from './measurements/measurement-message';
export * from './measurements/record-measurement';
export * from './measurements/decode-measurement';
export * from './measurements/dead-letter';
export * from './measurements/measurement-consumer';
