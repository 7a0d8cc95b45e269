import type { RecordedEvent } from '@gevinst/event-store';
import type { OutgoingMessage } from '../port/messages';
import { INTEGRATION_HEADERS, INTEGRATION_TOPICS, type IntegrationEvent } from './integration-event';

/** Where one area's integration events go and how they are named. */
export interface IntegrationArea {
  topic: string;
  schema: string;
  /** Streams of this area are named `<streamKind>-<aggregate id>`. */
  streamKind: string;
}

export const INTEGRATION_AREAS = {
  businessCase: {
    topic: INTEGRATION_TOPICS.businessCases,
    schema: 'gevinst.business-case.v1',
    streamKind: 'business-case',
  },
  // Every cut of one case lives in the case's harvest stream: keyed by case, in order.
  budgetCut: { topic: INTEGRATION_TOPICS.budgetCuts, schema: 'gevinst.budget-cut.v1', streamKind: 'harvest' },
  realisation: {
    topic: INTEGRATION_TOPICS.realisation,
    schema: 'gevinst.realisation.v1',
    streamKind: 'realisation',
  },
} as const satisfies Record<string, IntegrationArea>;

/** JSON-compatible data: what a public payload may contain (bigint is written as a string). */
export type PublicData =
  | string
  | number
  | boolean
  | null
  | bigint
  | readonly PublicData[]
  | { readonly [key: string]: PublicData | undefined };

/** Maps one internal event type to its public form. */
export interface IntegrationEventMapping {
  /** The internal event type, as stored. */
  internalType: string;
  area: IntegrationArea;
  /** Public type name; default: the internal type. */
  publicType?: string;
  /**
   * The public payload. Pick the fields that are part of the contract; never pass internal data
   * through wholesale unless it was designed as public.
   */
  toData(event: RecordedEvent): PublicData;
}

/** The aggregate id of `<kind>-<id>`; the whole stream name if it is not of that kind. */
export const aggregateIdOf = (streamName: string, streamKind: string): string =>
  streamName.startsWith(`${streamKind}-`) && streamName.length > streamKind.length + 1
    ? streamName.slice(streamKind.length + 1)
    : streamName;

const bigintAsString = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/** JSON with bigint as decimal strings. The replacer costs; only data holding a bigint pays it. */
const toJson = (value: unknown): string => {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof TypeError && /BigInt/i.test(error.message)) return JSON.stringify(value, bigintAsString);
    throw error;
  }
};

/**
 * Internal event type → topic and public shape. Types not registered are not published: an
 * internal event never leaks by accident.
 */
export class IntegrationEventRegistry {
  private readonly mappings = new Map<string, IntegrationEventMapping>();

  constructor(mappings: readonly IntegrationEventMapping[] = []) {
    this.register(...mappings);
  }

  register(...mappings: IntegrationEventMapping[]): this {
    for (const mapping of mappings) {
      if (this.mappings.has(mapping.internalType)) {
        throw new Error(`Integration mapping for ${mapping.internalType} is registered twice`);
      }
      this.mappings.set(mapping.internalType, mapping);
    }
    return this;
  }

  /** Every topic some mapping publishes to. */
  topics(): string[] {
    return [...new Set([...this.mappings.values()].map((m) => m.area.topic))].sort();
  }

  /** The public event, or undefined when the type is not published. */
  toIntegrationEvent(event: RecordedEvent): IntegrationEvent<PublicData> | undefined {
    const mapping = this.mappings.get(event.type);
    if (!mapping) return undefined;
    return {
      schema: mapping.area.schema,
      eventId: event.id,
      type: mapping.publicType ?? event.type,
      occurredAt: event.metadata.recordedAt,
      aggregateId: aggregateIdOf(event.streamName, mapping.area.streamKind),
      aggregateVersion: event.revision.toString(),
      correlationId: event.metadata.correlationId,
      data: mapping.toData(event),
    };
  }

  /** The message to publish, or undefined when the type is not published. */
  toMessage(event: RecordedEvent): OutgoingMessage | undefined {
    const integrationEvent = this.toIntegrationEvent(event);
    if (!integrationEvent) return undefined;
    const mapping = this.mappings.get(event.type)!;
    return {
      topic: mapping.area.topic,
      key: integrationEvent.aggregateId,
      value: toJson(integrationEvent),
      headers: {
        [INTEGRATION_HEADERS.eventId]: integrationEvent.eventId,
        [INTEGRATION_HEADERS.eventType]: integrationEvent.type,
        [INTEGRATION_HEADERS.schema]: integrationEvent.schema,
        [INTEGRATION_HEADERS.contentType]: 'application/json',
        [INTEGRATION_HEADERS.correlationId]: integrationEvent.correlationId,
      },
    };
  }
}

/** For data designed to be public as it is stored. */
export const publishDataAsIs = (event: RecordedEvent): PublicData => event.data as PublicData;

/** Mappings for several types of one area that share a data mapping. */
export const areaMappings = (
  area: IntegrationArea,
  internalTypes: readonly string[],
  toData: (event: RecordedEvent) => PublicData = publishDataAsIs,
): IntegrationEventMapping[] => internalTypes.map((internalType) => ({ internalType, area, toData }));
