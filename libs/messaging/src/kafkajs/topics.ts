import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  /** Default 3. */
  numPartitions?: number;
  /** Default: the broker's default.replication.factor. */
  replicationFactor?: number;
  /** Topic-level configuration, e.g. { 'max.message.bytes': '4194304' }. */
  config?: Readonly<Record<string, string>>;
}

const TOPIC_ALREADY_EXISTS = 'TOPIC_ALREADY_EXISTS';

/** Creates the topics that do not exist yet (existing ones are left as they are). */
export const ensureTopics = async (kafka: Kafka, specs: readonly TopicSpec[]): Promise<string[]> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length === 0) return [];
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.numPartitions ?? 3,
          replicationFactor: s.replicationFactor ?? -1,
          configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    } catch (error) {
      // Another process created one of them first: that is what we wanted.
      if (!(error instanceof Error && 'type' in error && error.type === TOPIC_ALREADY_EXISTS)) throw error;
    }
    return missing.map((s) => s.topic);
  } finally {
    await admin.disconnect();
  }
};

/** The topics of the measurement consumer; dead letters may carry a large original payload. */
export const measurementTopicSpecs = (topics: { measurements: string; deadLetters: string }): TopicSpec[] => [
  { topic: topics.measurements, numPartitions: 3 },
  { topic: topics.deadLetters, numPartitions: 1, config: { 'max.message.bytes': String(4 * 1024 * 1024) } },
];

/** One topic per area the relay publishes to. */
export const integrationTopicSpecs = (topics: readonly string[], numPartitions = 3): TopicSpec[] =>
  topics.map((topic) => ({ topic, numPartitions }));
