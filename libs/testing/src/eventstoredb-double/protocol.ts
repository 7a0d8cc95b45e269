/**
 * Conversions between the protocol messages the client package ships (generated *_pb.js, loosely
 * typed jspb classes) and the plain types of the in-memory log. Nothing outside this folder sees
 * a pb class.
 */
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import * as shared from '@eventstore/db-client/generated/shared_pb';
import * as streams from '@eventstore/db-client/generated/streams_pb';
import * as status from '@eventstore/db-client/generated/status_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import type { ExpectedStreamState, LogPos, ProposedEvent, StoredEvent } from './in-memory-log';

export { shared, streams };

const utf8 = (bytes: Uint8Array | string): string =>
  typeof bytes === 'string' ? Buffer.from(bytes, 'base64').toString('utf8') : Buffer.from(bytes).toString('utf8');

export const streamNameOf = (identifier: shared.StreamIdentifier | undefined): string => {
  if (!identifier) throw new ProtocolError('stream_identifier is required');
  return utf8(identifier.getStreamName_asU8());
};

export const streamIdentifier = (streamName: string): shared.StreamIdentifier =>
  new shared.StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(streamName, 'utf8')));

/** The client sends ids as strings; the structured form is decoded too, for completeness. */
export const uuidOf = (uuid: shared.UUID | undefined): string => {
  if (!uuid) throw new ProtocolError('event id is required');
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured()!;
    const bytes = Buffer.alloc(16);
    bytes.writeBigUInt64BE(BigInt.asUintN(64, BigInt(structured.getMostSignificantBits())), 0);
    bytes.writeBigUInt64BE(BigInt.asUintN(64, BigInt(structured.getLeastSignificantBits())), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString();
};

const stringUuid = (id: string): shared.UUID => new shared.UUID().setString(id);

/** A protocol violation by the caller: answered with INVALID_ARGUMENT. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

interface ProposedMessageLike {
  getId(): shared.UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getCustomMetadata_asU8(): Uint8Array;
  getData_asU8(): Uint8Array;
}

/** AppendReq.ProposedMessage and BatchAppendReq.ProposedMessage have the same shape. */
export const proposedEventOf = (message: ProposedMessageLike): ProposedEvent => {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  // The server rejects a proposed message without these two (RequiredMetadataPropertyMissing).
  if (type === undefined) throw new ProtocolError('Required metadata property "type" is missing');
  if (contentType === undefined) throw new ProtocolError('Required metadata property "content-type" is missing');
  return {
    id: uuidOf(message.getId()),
    type,
    contentType,
    customMetadata: message.getCustomMetadata_asU8(),
    data: message.getData_asU8(),
  };
};

export const expectedOfAppend = (options: streams.AppendReq.Options): ExpectedStreamState => {
  const Case = streams.AppendReq.Options.ExpectedStreamRevisionCase;
  switch (options.getExpectedStreamRevisionCase()) {
    case Case.REVISION:
      return { kind: 'revision', revision: BigInt(options.getRevision()) };
    case Case.NO_STREAM:
      return { kind: 'no-stream' };
    case Case.ANY:
      return { kind: 'any' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream-exists' };
    default:
      throw new ProtocolError('expected_stream_revision is required');
  }
};

export const expectedOfBatchAppend = (options: streams.BatchAppendReq.Options): ExpectedStreamState => {
  const Case = streams.BatchAppendReq.Options.ExpectedStreamPositionCase;
  switch (options.getExpectedStreamPositionCase()) {
    case Case.STREAM_POSITION:
      return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
    case Case.NO_STREAM:
      return { kind: 'no-stream' };
    case Case.ANY:
      return { kind: 'any' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream-exists' };
    default:
      throw new ProtocolError('expected_stream_position is required');
  }
};

/** Append's answer to a conflict: a WrongExpectedVersion *response* (not an error status), with the 20.6 compatibility fields. */
export const appendWrongExpectedVersion = (
  expected: ExpectedStreamState,
  currentRevision: bigint | undefined,
): streams.AppendResp => {
  const wrong = new streams.AppendResp.WrongExpectedVersion();
  switch (expected.kind) {
    case 'any':
      wrong.setExpectedAny(new shared.Empty());
      wrong.setAny2060(new shared.Empty());
      break;
    case 'stream-exists':
      wrong.setExpectedStreamExists(new shared.Empty());
      wrong.setStreamExists2060(new shared.Empty());
      break;
    case 'no-stream':
      // The server also sets expected_revision_20_6_0 to ulong.MaxValue here; that field is a
      // JS number in the generated code and cannot carry it, and the client does not read it.
      wrong.setExpectedNoStream(new shared.Empty());
      break;
    case 'revision':
      wrong.setExpectedRevision(expected.revision.toString());
      if (expected.revision <= BigInt(Number.MAX_SAFE_INTEGER)) wrong.setExpectedRevision2060(Number(expected.revision));
      break;
  }
  if (currentRevision === undefined) {
    wrong.setCurrentNoStream(new shared.Empty());
    wrong.setNoStream2060(new shared.Empty());
  } else {
    wrong.setCurrentRevision(currentRevision.toString());
    if (currentRevision <= BigInt(Number.MAX_SAFE_INTEGER)) wrong.setCurrentRevision2060(Number(currentRevision));
  }
  return new streams.AppendResp().setWrongExpectedVersion(wrong);
};

export const appendSuccess = (currentRevision: bigint, position: bigint | undefined): streams.AppendResp => {
  const success = new streams.AppendResp.Success();
  if (currentRevision < 0n) success.setNoStream(new shared.Empty());
  else success.setCurrentRevision(currentRevision.toString());
  if (position === undefined) success.setNoPosition(new shared.Empty());
  else success.setPosition(new streams.AppendResp.Position().setCommitPosition(position.toString()).setPreparePosition(position.toString()));
  return new streams.AppendResp().setSuccess(success);
};

export const batchAppendSuccess = (
  correlationId: shared.UUID,
  streamName: string,
  currentRevision: bigint,
  position: bigint | undefined,
): streams.BatchAppendResp => {
  const success = new streams.BatchAppendResp.Success();
  if (currentRevision < 0n) success.setNoStream(new GoogleEmpty());
  else success.setCurrentRevision(currentRevision.toString());
  if (position === undefined) success.setNoPosition(new GoogleEmpty());
  else success.setPosition(new shared.AllStreamPosition().setCommitPosition(position.toString()).setPreparePosition(position.toString()));
  return new streams.BatchAppendResp()
    .setCorrelationId(correlationId)
    .setStreamIdentifier(streamIdentifier(streamName))
    .setSuccess(success);
};

/**
 * BatchAppend's answer to a conflict, as the server encodes it: a google.rpc.Status with code
 * ALREADY_EXISTS whose details pack an event_store.client.WrongExpectedVersion.
 */
export const batchAppendWrongExpectedVersion = (
  correlationId: shared.UUID,
  streamName: string,
  expected: ExpectedStreamState,
  currentRevision: bigint | undefined,
): streams.BatchAppendResp => {
  const wrong = new shared.WrongExpectedVersion();
  if (currentRevision === undefined) wrong.setCurrentNoStream(new GoogleEmpty());
  else wrong.setCurrentStreamRevision(currentRevision.toString());
  switch (expected.kind) {
    case 'any':
      wrong.setExpectedAny(new GoogleEmpty());
      break;
    case 'no-stream':
      wrong.setExpectedNoStream(new GoogleEmpty());
      break;
    case 'stream-exists':
      wrong.setExpectedStreamExists(new GoogleEmpty());
      break;
    case 'revision':
      wrong.setExpectedStreamPosition(expected.revision.toString());
      break;
  }
  return batchAppendError(correlationId, streamName, Code.ALREADY_EXISTS, 'WrongExpectedVersion', wrong, 'event_store.client.WrongExpectedVersion');
};

export const batchAppendBadRequest = (correlationId: shared.UUID, streamName: string, message: string): streams.BatchAppendResp =>
  batchAppendError(
    correlationId,
    streamName,
    Code.INVALID_ARGUMENT,
    message,
    new shared.BadRequest().setMessage(message),
    'event_store.client.BadRequest',
  );

const batchAppendError = (
  correlationId: shared.UUID,
  streamName: string,
  code: Code,
  message: string,
  detail: { serializeBinary(): Uint8Array },
  typeName: string,
): streams.BatchAppendResp => {
  const details = new Any();
  details.pack(detail.serializeBinary(), typeName);
  const error = new status.Status().setCode(code).setMessage(message).setDetails(details);
  return new streams.BatchAppendResp()
    .setCorrelationId(correlationId)
    .setStreamIdentifier(streamIdentifier(streamName))
    .setError(error);
};

// ---- Read ----

export type ReadTarget =
  | { readonly kind: 'stream'; readonly streamName: string; readonly from: bigint | 'start' | 'end' }
  | { readonly kind: 'all'; readonly from: LogPos | 'start' | 'end' };

export interface EventFilter {
  readonly on: 'stream' | 'event-type';
  readonly regex?: RegExp;
  readonly prefixes?: readonly string[];
  /** Number of considered events between two checkpoints. */
  readonly checkpointInterval: number;
}

export type ReadRequest =
  | {
      readonly mode: 'read';
      readonly target: ReadTarget;
      readonly direction: 'forwards' | 'backwards';
      readonly count: bigint;
    }
  | {
      readonly mode: 'subscribe';
      readonly target: ReadTarget;
      readonly filter: EventFilter | undefined;
    };

/** The server's default read batch size, which it also uses as the filter's search window. */
const DEFAULT_SEARCH_WINDOW = 32;

export const readRequestOf = (request: streams.ReadReq): ReadRequest => {
  const options = request.getOptions();
  if (!options) throw new ProtocolError('options are required');
  if (!options.hasUuidOption()) throw new ProtocolError('uuid_option is required');
  if (options.getResolveLinks()) throw new ProtocolError('resolve_links is not emulated by the test double');

  const Options = streams.ReadReq.Options;
  let target: ReadTarget;
  switch (options.getStreamOptionCase()) {
    case Options.StreamOptionCase.STREAM: {
      const stream = options.getStream()!;
      const Case = Options.StreamOptions.RevisionOptionCase;
      const revisionCase = stream.getRevisionOptionCase();
      target = {
        kind: 'stream',
        streamName: streamNameOf(stream.getStreamIdentifier()),
        from:
          revisionCase === Case.REVISION ? BigInt(stream.getRevision()) : revisionCase === Case.END ? 'end' : 'start',
      };
      break;
    }
    case Options.StreamOptionCase.ALL: {
      const all = options.getAll()!;
      const Case = Options.AllOptions.AllOptionCase;
      const allCase = all.getAllOptionCase();
      if (allCase === Case.POSITION) {
        const position = all.getPosition()!;
        target = {
          kind: 'all',
          from: { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) },
        };
      } else {
        target = { kind: 'all', from: allCase === Case.END ? 'end' : 'start' };
      }
      break;
    }
    default:
      throw new ProtocolError('stream_option is required');
  }

  let filter: EventFilter | undefined;
  if (options.getFilterOptionCase() === Options.FilterOptionCase.FILTER) {
    if (target.kind !== 'all') throw new ProtocolError('filters apply to $all only');
    filter = filterOf(options.getFilter()!);
  }

  if (options.getCountOptionCase() === Options.CountOptionCase.SUBSCRIPTION) {
    return { mode: 'subscribe', target, filter };
  }
  if (filter) throw new ProtocolError('filtered reads of $all are not emulated by the test double');
  const direction = options.getReadDirection() === Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
  return { mode: 'read', target, direction, count: BigInt(options.getCount() || '0') };
};

const filterOf = (options: streams.ReadReq.Options.FilterOptions): EventFilter => {
  const Case = streams.ReadReq.Options.FilterOptions.FilterCase;
  const on = options.getFilterCase() === Case.STREAM_IDENTIFIER ? 'stream' : 'event-type';
  const expression = on === 'stream' ? options.getStreamIdentifier() : options.getEventType();
  if (!expression) throw new ProtocolError('filter expression is required');
  const regex = expression.getRegex();
  const window =
    options.getWindowCase() === streams.ReadReq.Options.FilterOptions.WindowCase.MAX ? options.getMax() : DEFAULT_SEARCH_WINDOW;
  const multiplier = options.getCheckpointintervalmultiplier();
  if (multiplier <= 0) throw new ProtocolError('checkpointIntervalMultiplier must be positive');
  return regex
    ? { on, regex: new RegExp(regex), checkpointInterval: window * multiplier }
    : { on, prefixes: expression.getPrefixList(), checkpointInterval: window * multiplier };
};

export const filterMatches = (filter: EventFilter | undefined, event: StoredEvent): boolean => {
  if (!filter) return true;
  const subject = filter.on === 'stream' ? event.streamName : event.type;
  if (filter.regex) return filter.regex.test(subject);
  return (filter.prefixes ?? []).some((prefix) => subject.startsWith(prefix));
};

export const readEventResp = (event: StoredEvent, withCommitPosition: boolean): streams.ReadResp => {
  const recorded = new streams.ReadResp.ReadEvent.RecordedEvent()
    .setId(stringUuid(event.id))
    .setStreamIdentifier(streamIdentifier(event.streamName))
    .setStreamRevision(event.revision.toString())
    // Servers since 22.6 report the $all position on stream reads too (for events not written
    // in explicit transactions); our adapter relies on that.
    .setPreparePosition(event.position.toString())
    .setCommitPosition(event.position.toString())
    .setCustomMetadata(event.customMetadata)
    .setData(event.data);
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('content-type', event.contentType);
  metadata.set('created', event.createdTicks.toString());
  const readEvent = new streams.ReadResp.ReadEvent().setEvent(recorded);
  if (withCommitPosition) readEvent.setCommitPosition(event.position.toString());
  else readEvent.setNoPosition(new shared.Empty());
  return new streams.ReadResp().setEvent(readEvent);
};

export const streamNotFoundResp = (streamName: string): streams.ReadResp =>
  new streams.ReadResp().setStreamNotFound(
    new streams.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamName)),
  );

export const confirmationResp = (subscriptionId: string): streams.ReadResp =>
  new streams.ReadResp().setConfirmation(new streams.ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));

export const caughtUpResp = (): streams.ReadResp => new streams.ReadResp().setCaughtUp(new streams.ReadResp.CaughtUp());

export const checkpointResp = (position: LogPos): streams.ReadResp =>
  new streams.ReadResp().setCheckpoint(
    new streams.ReadResp.Checkpoint()
      .setCommitPosition(position.commit.toString())
      .setPreparePosition(position.prepare.toString()),
  );
