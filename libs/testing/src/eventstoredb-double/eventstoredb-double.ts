/**
 * EventStoreDB TEST DOUBLE: an in-memory gRPC server speaking the EventStoreDB streams protocol,
 * built on the service definitions that @eventstore/db-client ships.
 *
 * It proves our use of the real client over real gRPC. It does NOT prove the server's semantics:
 * it is not EventStoreDB. See README.md beside this file for what it does and does not emulate.
 */
import * as grpc from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { InMemoryLog } from './in-memory-log';
import { jsonProposedEvent } from './system-events';
import { createStreamsService, type DoubleSubscription } from './streams-service';

export interface EventStoreDbDoubleOptions {
  /**
   * Advertise and serve Streams.BatchAppend (as servers since 21.10 do; the client then appends
   * through it). With false, the client falls back to the older client-streaming Streams.Append.
   * Default true.
   */
  readonly batchAppend?: boolean;
  /** Position of the first record in the log; set it above 2^53 to test bigint handling. Default 0. */
  readonly firstPosition?: bigint;
  /** Start with the system events a fresh server has ($settings, $user-admin, ...). Default true. */
  readonly seedSystemEvents?: boolean;
}

export interface EventStoreDbDouble {
  /** Connection string for the client, e.g. `esdb://127.0.0.1:40123?tls=false`. */
  readonly url: string;
  /** Drops every open connection and stops the server. */
  stop(): Promise<void>;
  /**
   * Ends every live subscription with UNAVAILABLE, as a server does when it drops them (node
   * shutting down, leader change), so that a test can exercise a subscriber's resubscribe path.
   */
  dropSubscriptions(): void;
}

/** The server version the double claims in GetSupportedMethods. */
const CLAIMED_SERVER_VERSION = '24.10.0';

const supportedMethods = (batchAppend: boolean): SupportedMethods => {
  // The server lists its gRPC methods in lower case; the client compares case-insensitively and
  // only consults this list to choose BatchAppend over Append (for the streams operations).
  const methods: Array<[service: string, method: string, features: string[]]> = [
    ['event_store.client.streams.streams', 'read', ['position', 'events']],
    ['event_store.client.streams.streams', 'append', []],
    ['event_store.client.server_features.serverfeatures', 'getsupportedmethods', []],
  ];
  if (batchAppend) methods.push(['event_store.client.streams.streams', 'batchappend', []]);
  return new SupportedMethods()
    .setEventStoreServerVersion(CLAIMED_SERVER_VERSION)
    .setMethodsList(
      methods.map(([service, method, features]) =>
        new SupportedMethod().setServiceName(service).setMethodName(method).setFeaturesList(features),
      ),
    );
};

/** Starts the EventStoreDB TEST DOUBLE on 127.0.0.1, on a free port, insecure (tls=false). */
export const startEventStoreDbDouble = async (options: EventStoreDbDoubleOptions = {}): Promise<EventStoreDbDouble> => {
  const batchAppend = options.batchAppend ?? true;
  const log = new InMemoryLog({ firstPosition: options.firstPosition ?? 0n });
  if (options.seedSystemEvents ?? true) seedSystemEvents(log);

  const subscriptions = new Set<DoubleSubscription>();
  const streamsService = createStreamsService({ log, subscriptions });
  if (!batchAppend) delete streamsService['batchAppend'];

  const server = new grpc.Server();
  server.addService(StreamsService, streamsService);
  server.addService(ServerFeaturesService, {
    getSupportedMethods: (_call: grpc.ServerUnaryCall<unknown, SupportedMethods>, callback: grpc.sendUnaryData<SupportedMethods>) =>
      callback(null, supportedMethods(batchAppend)),
  });

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    ),
  );

  let stopped = false;
  const dropAll = (details: string): void => {
    for (const subscription of [...subscriptions]) {
      subscription.drop({ code: grpc.status.UNAVAILABLE, details });
    }
  };

  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    dropSubscriptions: () => dropAll('Subscription dropped by the EventStoreDB test double'),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      dropAll('The EventStoreDB test double is stopping');
      server.forceShutdown();
    },
  };
};

const seedSystemEvents = (log: InMemoryLog): void => {
  // What a fresh server has in $all before anyone writes: clients must skip these.
  log.append('$$$stats-127.0.0.1:2113', { kind: 'any' }, [jsonProposedEvent('$metadata', { $maxAge: 86400 })]);
  log.append('$users', { kind: 'any' }, [jsonProposedEvent('$User', { loginName: 'admin' })]);
  log.append('$user-admin', { kind: 'any' }, [jsonProposedEvent('$UserCreated', { loginName: 'admin', fullName: 'Event Store Administrator' })]);
  log.append('$settings', { kind: 'any' }, [jsonProposedEvent('$settings', { $userStreamAcl: {}, $systemStreamAcl: {} })]);
};
