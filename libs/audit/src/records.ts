import type { RecordedEvent } from '@gevinst/event-store';
import { verifyReplay, type Projection, type SqliteDocumentStore } from '@gevinst/read-models';

/** JSON for anything holding bigints (positions, revisions): decimal strings. */
export const jsonSafe = <T>(value: T): unknown => JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));

/** An event as exported: every field, positions and revisions as decimal strings. */
export type EventRecord = {
  position: string;
  stream: string;
  revision: string;
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
};

export const eventRecord = (e: RecordedEvent): EventRecord => ({
  position: String(e.position),
  stream: e.streamName,
  revision: String(e.revision),
  id: e.id,
  type: e.type,
  schemaVersion: e.schemaVersion,
  data: e.data,
  metadata: e.metadata,
});

export type ReplayVerificationReport = {
  ok: boolean;
  /** The projections that differ from their rebuild, or whose live read model cannot be compared. */
  failed: string[];
  isolated: boolean;
  projections: { projection: string; status: string; version: number; liveVersion?: number; position?: string; documents?: number; differences: number }[];
  /** The first differences (at most maxDifferences): projection, collection, key, live and rebuilt document. */
  differences: { projection: string; collection: string; key: string; live: unknown; rebuilt: unknown }[];
};

/**
 * Rebuilds every projection from position 0 in memory (each up to its live checkpoint) and
 * compares it document by document with the live read models.
 */
export const replayVerification = async (
  store: Parameters<typeof verifyReplay>[0],
  projections: readonly Projection[],
  live: SqliteDocumentStore,
  maxDifferences = 100,
): Promise<ReplayVerificationReport> => {
  const result = await verifyReplay(store, projections, live, { maxDifferences });
  const failed = result.projections.filter((p) => p.differences > 0 || (p.status !== 'compared' && p.status !== 'not-started')).map((p) => p.projection);
  return {
    ok: result.ok,
    failed,
    isolated: result.isolated,
    projections: result.projections.map((p) => ({
      projection: p.projection,
      status: p.status,
      version: p.version,
      ...(p.liveVersion !== undefined ? { liveVersion: p.liveVersion } : {}),
      ...(p.position !== undefined ? { position: String(p.position) } : {}),
      ...(p.documents !== undefined ? { documents: p.documents } : {}),
      differences: p.differences,
    })),
    differences: result.differences.map((d) => ({ projection: d.projection, collection: d.collection, key: d.key, live: d.live ?? null, rebuilt: d.rebuilt ?? null })),
  };
};
