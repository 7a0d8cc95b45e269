/**
 * event_store.client.streams.Streams for the EventStoreDB TEST DOUBLE: Read (stream and $all
 * reads, catch-up subscriptions), Append and BatchAppend. Delete and Tombstone are left
 * unimplemented (gRPC UNIMPLEMENTED) and not advertised.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { InMemoryLog, LogPos, ProposedEvent, ExpectedStreamState, StoredEvent } from './in-memory-log';
import {
  ProtocolError,
  appendSuccess,
  appendWrongExpectedVersion,
  batchAppendBadRequest,
  batchAppendSuccess,
  batchAppendWrongExpectedVersion,
  caughtUpResp,
  checkpointResp,
  confirmationResp,
  expectedOfAppend,
  expectedOfBatchAppend,
  filterMatches,
  proposedEventOf,
  readEventResp,
  readRequestOf,
  streamNameOf,
  streamNotFoundResp,
  uuidOf,
  type EventFilter,
  type ReadTarget,
  type shared,
  type streams,
} from './protocol';

type ReadCall = grpc.ServerWritableStream<streams.ReadReq, streams.ReadResp>;
type AppendCall = grpc.ServerReadableStream<streams.AppendReq, streams.AppendResp>;
type BatchAppendCall = grpc.ServerDuplexStream<streams.BatchAppendReq, streams.BatchAppendResp>;

/** Catch-up reads the log in pages, like the server. */
const PAGE_SIZE = 64;

const invalidArgument = (error: unknown): Partial<grpc.StatusObject> => ({
  code: grpc.status.INVALID_ARGUMENT,
  details: error instanceof Error ? error.message : String(error),
});

/** Ends a server-streaming call with a non-OK status (grpc-js: emit 'error' on the call). */
const failCall = (call: ReadCall, status: Partial<grpc.StatusObject>): void => {
  call.emit('error', status);
};

/** Writes one message, waiting for the transport to drain when the client reads slowly. */
const write = async (call: ReadCall, message: streams.ReadResp): Promise<void> => {
  if (call.write(message)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
    call.on('close', done);
  });
};

/** A live catch-up subscription on the double, so that a test can drop it. */
export class DoubleSubscription {
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly call: ReadCall,
    private readonly log: InMemoryLog,
    private readonly target: ReadTarget,
    private readonly filter: EventFilter | undefined,
    private readonly onEnded: (subscription: DoubleSubscription) => void,
  ) {
    call.on('cancelled', () => this.finish());
    call.on('close', () => this.finish());
  }

  /** Ends the call with an error status, as a server does when it drops a subscription. */
  drop(status: Partial<grpc.StatusObject>): void {
    if (this.ended) return;
    this.finish();
    failCall(this.call, status);
  }

  /** Confirmation, catch-up from the checkpoint (exclusive), caught-up, then live, until cancelled. */
  async run(): Promise<void> {
    await write(this.call, confirmationResp(randomUUID()));
    if (this.target.kind === 'all') await this.runAll(this.target.from);
    else await this.runStream(this.target.streamName, this.target.from);
  }

  private async runAll(from: LogPos | 'start' | 'end'): Promise<void> {
    let cursor: LogPos | 'start' = from === 'end' ? (this.log.head() ?? 'start') : from;
    let caughtUp = false;
    let considered = 0;
    while (!this.ended) {
      const page = this.log.allAfter(cursor, PAGE_SIZE);
      if (page.length === 0) {
        if (!caughtUp) {
          // The server issues a checkpoint when a filtered subscription goes live, then caught-up.
          if (this.filter && cursor !== 'start') await write(this.call, checkpointResp(cursor));
          await write(this.call, caughtUpResp());
          caughtUp = true;
          // Look again: an append may have landed while those were written, and nextAppend()
          // only hears appends after it is registered (synchronously after an empty page).
          continue;
        }
        await this.nextAppend();
        continue;
      }
      for (const event of page) {
        if (this.ended) return;
        cursor = { commit: event.position, prepare: event.position };
        if (filterMatches(this.filter, event)) await write(this.call, readEventResp(event, true));
        if (this.filter && ++considered >= this.filter.checkpointInterval) {
          considered = 0;
          await write(this.call, checkpointResp(cursor));
        }
      }
    }
  }

  private async runStream(streamName: string, from: bigint | 'start' | 'end'): Promise<void> {
    let cursor: bigint | 'start' = from === 'end' ? (this.log.lastRevision(streamName) ?? 'start') : from;
    let caughtUp = false;
    while (!this.ended) {
      const page = this.log.streamAfter(streamName, cursor, PAGE_SIZE);
      if (page.length === 0) {
        if (!caughtUp) {
          await write(this.call, caughtUpResp());
          caughtUp = true;
          continue; // look again (see runAll)
        }
        await this.nextAppend();
        continue;
      }
      for (const event of page) {
        if (this.ended) return;
        cursor = event.revision;
        await write(this.call, readEventResp(event, true));
      }
    }
  }

  /** Resolves on the next append (or when the subscription ends); registered synchronously, so no append is missed. */
  private nextAppend(): Promise<void> {
    return new Promise((resolve) => {
      const off = this.log.onAppended(() => {
        off();
        this.wake = undefined;
        resolve();
      });
      this.wake = () => {
        off();
        resolve();
      };
    });
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.wake?.();
    this.onEnded(this);
  }
}

export interface StreamsServiceOptions {
  readonly log: InMemoryLog;
  readonly subscriptions: Set<DoubleSubscription>;
}

export const createStreamsService = ({ log, subscriptions }: StreamsServiceOptions): grpc.UntypedServiceImplementation => ({
  read(call: ReadCall): void {
    let request: ReturnType<typeof readRequestOf>;
    try {
      request = readRequestOf(call.request);
    } catch (error) {
      failCall(call, invalidArgument(error));
      return;
    }

    if (request.mode === 'subscribe') {
      const subscription = new DoubleSubscription(call, log, request.target, request.filter, (ended) =>
        subscriptions.delete(ended),
      );
      subscriptions.add(subscription);
      subscription.run().catch((error: unknown) => subscription.drop({ code: grpc.status.INTERNAL, details: String(error) }));
      return;
    }

    const { target, direction, count } = request;
    void (async () => {
      let events: StoredEvent[] | undefined;
      if (target.kind === 'stream') {
        events = log.readStream(target.streamName, target.from, direction, count);
        if (events === undefined) {
          await write(call, streamNotFoundResp(target.streamName));
          call.end();
          return;
        }
      } else {
        events = log.readAll(target.from, direction, count);
      }
      for (const event of events) {
        if (call.cancelled) return;
        await write(call, readEventResp(event, target.kind === 'all'));
      }
      call.end();
    })();
  },

  append(call: AppendCall, callback: grpc.sendUnaryData<streams.AppendResp>): void {
    let streamName: string | undefined;
    let expected: ExpectedStreamState | undefined;
    const events: ProposedEvent[] = [];
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      callback(invalidArgument(error));
    };

    call.on('data', (message: streams.AppendReq) => {
      if (failed) return;
      try {
        if (streamName === undefined) {
          // The first message carries the options, every later one a proposed event.
          const options = message.getOptions();
          if (!options) throw new ProtocolError('The first AppendReq must carry options');
          streamName = streamNameOf(options.getStreamIdentifier());
          expected = expectedOfAppend(options);
        } else {
          const proposed = message.getProposedMessage();
          if (!proposed) throw new ProtocolError('AppendReq after the options must carry a proposed message');
          events.push(proposedEventOf(proposed));
        }
      } catch (error) {
        fail(error);
      }
    });
    call.on('end', () => {
      if (failed) return;
      if (streamName === undefined || expected === undefined) {
        fail(new ProtocolError('An append needs options'));
        return;
      }
      const outcome = log.append(streamName, expected, events);
      callback(
        null,
        outcome.kind === 'success'
          ? appendSuccess(outcome.currentRevision, outcome.position)
          : appendWrongExpectedVersion(expected, outcome.currentRevision),
      );
    });
    call.on('error', () => {
      failed = true;
    });
  },

  batchAppend(call: BatchAppendCall): void {
    interface PendingWrite {
      streamName: string;
      expected: ExpectedStreamState;
      events: ProposedEvent[];
    }
    const pending = new Map<string, PendingWrite>();

    call.on('data', (request: streams.BatchAppendReq) => {
      const correlation: shared.UUID | undefined = request.getCorrelationId();
      if (!correlation) return;
      const key = uuidOf(correlation);
      let write = pending.get(key);
      try {
        const options = request.getOptions();
        if (options && !write) {
          write = { streamName: streamNameOf(options.getStreamIdentifier()), expected: expectedOfBatchAppend(options), events: [] };
          pending.set(key, write);
        }
        if (!write) return; // a request for a write the server no longer tracks is ignored, like the server does
        write.events.push(...request.getProposedMessagesList().map(proposedEventOf));
        if (!request.getIsFinal()) return;
        pending.delete(key);
        const outcome = log.append(write.streamName, write.expected, write.events);
        call.write(
          outcome.kind === 'success'
            ? batchAppendSuccess(correlation, write.streamName, outcome.currentRevision, outcome.position)
            : batchAppendWrongExpectedVersion(correlation, write.streamName, write.expected, outcome.currentRevision),
        );
      } catch (error) {
        pending.delete(key);
        call.write(batchAppendBadRequest(correlation, write?.streamName ?? '', error instanceof Error ? error.message : String(error)));
      }
    });
    call.on('end', () => call.end());
    call.on('error', () => pending.clear());
  },
});
