/**
 * Integration events: the public, versioned form of our internal events that other systems
 * read from Kafka. Internal events may change shape (and be upcast on read); a published
 * schema never changes. A breaking change is a new schema (…v2) on a new topic (….v2).
 */
export interface IntegrationEvent<TData = unknown> {
  /** Names the public shape, e.g. 'gevinst.business-case.v1'. */
  schema: string;
  /** The internal event's id (uuid); the same on every re-delivery: de-duplicate on it. */
  eventId: string;
  /** Public event type, e.g. 'BusinessCaseApproved'. */
  type: string;
  /** ISO-8601 UTC instant at which the event was recorded. */
  occurredAt: string;
  /** The aggregate (business case, budget cut …) the event belongs to; also the message key. */
  aggregateId: string;
  /**
   * 0-based version of the aggregate after this event, as a decimal string. Consecutive per
   * aggregate across the whole history, including events not published: a consumer can use it
   * to order, never to detect gaps.
   */
  aggregateVersion: string;
  /** Ties together everything caused by one outside request. */
  correlationId: string;
  data: TData;
}

/** Message headers set on every integration event. */
export const INTEGRATION_HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  schema: 'schema',
  contentType: 'content-type',
  correlationId: 'correlation-id',
} as const;

/** Topics, one per area of the public API. */
export const INTEGRATION_TOPICS = {
  businessCases: 'gevinst.business-cases.v1',
  budgetCuts: 'gevinst.budget-cuts.v1',
  realisation: 'gevinst.realisation.v1',
} as const;
