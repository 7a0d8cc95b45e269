/**
 * Kafka for tests: `ensureKafka()` returns the brokers of $KAFKA_BROKERS when set (CI starts the
 * broker itself), or a broker already listening on $KAFKA_PORT, or else starts a throw-away
 * single-node broker with infra/kafka's scripts (fetching its jars on first use) and waits for
 * it. `stopKafkaIfStarted()` stops that one again once no test process still uses it (leases
 * in its data dir, checked under a lock, so parallel jest workers are safe).
 *
 * `startDedicatedKafka()` runs a private broker on free ports in a temp dir, for tests that stop
 * and start the broker (and so must not disturb the shared one).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const KAFKA_INFRA_DIR = resolve(__dirname, '../../infra/kafka');

const script = (name: 'start.sh' | 'wait.sh' | 'stop.sh'): string => join(KAFKA_INFRA_DIR, name);

export interface KafkaInstance {
  port: number;
  controllerPort: number;
  dataDir: string;
}

const env = (instance: KafkaInstance): NodeJS.ProcessEnv => ({
  ...process.env,
  KAFKA_PORT: String(instance.port),
  KAFKA_CONTROLLER_PORT: String(instance.controllerPort),
  KAFKA_DATA_DIR: instance.dataDir,
});

const bash = async (instance: KafkaInstance, command: string, timeoutMs: number): Promise<string> => {
  try {
    const { stdout } = await run('bash', ['-c', command], { env: env(instance), timeout: timeoutMs });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
};

/** start.sh (idempotent) then wait.sh. */
export const startKafka = async (instance: KafkaInstance): Promise<void> => {
  await bash(instance, `bash ${script('start.sh')} && bash ${script('wait.sh')}`, 240_000);
};

export const stopKafka = async (instance: KafkaInstance): Promise<void> => {
  await bash(instance, `bash ${script('stop.sh')}`, 60_000);
};

/**
 * The broker tests start when none is given: a throw-away cluster in the temp dir (fresh on each
 * start, so topics of earlier runs never pile up), on KAFKA_PORT (default 19092).
 */
const sharedInstance = (): KafkaInstance => {
  const port = Number(process.env.KAFKA_PORT ?? 19092);
  return {
    port,
    controllerPort: Number(process.env.KAFKA_CONTROLLER_PORT ?? port + 1),
    dataDir: resolve(process.env.KAFKA_TEST_DATA_DIR ?? join(tmpdir(), 'gevinst-kafka-tests')),
  };
};

let lease: string | undefined;

/**
 * The brokers to test against: $KAFKA_BROKERS when set; else a broker already answering on
 * 127.0.0.1:$KAFKA_PORT (e.g. one you started with infra/kafka/start.sh); else a test broker
 * started here (and stopped by the last stopKafkaIfStarted()).
 */
export const ensureKafka = async (): Promise<{ brokers: string[] }> => {
  const fromEnv = process.env.KAFKA_BROKERS?.trim();
  if (fromEnv) return { brokers: fromEnv.split(',').map((b) => b.trim()) };

  const instance = sharedInstance();
  const leases = join(instance.dataDir, 'test-leases');
  mkdirSync(leases, { recursive: true });
  if (!lease) {
    lease = join(leases, `${process.pid}-${randomUUID()}`);
    writeFileSync(lease, '');
  }
  // Under the helper lock: use what runs, or start a fresh test broker and remember that.
  // flock -o: the lock is not passed on to the commands (the broker would hold it for life).
  const outcome = await bash(
    instance,
    `flock -o -w 240 "$KAFKA_DATA_DIR/.test-helper.lock" bash -c '
       if [[ -f "$KAFKA_DATA_DIR/kafka.pid" ]] && kill -0 "$(cat "$KAFKA_DATA_DIR/kafka.pid")" 2>/dev/null; then
         echo managed; exit 0
       fi
       if (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; then echo external; exit 0; fi
       KAFKA_FRESH=1 bash ${script('start.sh')} >&2 && touch "$KAFKA_DATA_DIR/started-by-tests" && echo managed'`,
    300_000,
  );
  if (outcome.trim().endsWith('managed')) await bash(instance, `bash ${script('wait.sh')}`, 120_000);
  return { brokers: [`127.0.0.1:${instance.port}`] };
};

/** Gives up this process's use of the shared broker; the last user stops it if a test started it. */
export const stopKafkaIfStarted = async (): Promise<void> => {
  if (process.env.KAFKA_BROKERS?.trim() || !lease) return;
  const instance = sharedInstance();
  const mine = lease;
  lease = undefined;
  await bash(
    instance,
    `flock -o -w 240 "$KAFKA_DATA_DIR/.test-helper.lock" bash -c '
       rm -f "${mine}"
       for f in "$KAFKA_DATA_DIR"/test-leases/*; do
         [[ -e "$f" ]] || continue
         pid="$(basename "$f")"; pid="\${pid%%-*}"
         kill -0 "$pid" 2>/dev/null || rm -f "$f"
       done
       if compgen -G "$KAFKA_DATA_DIR/test-leases/*" >/dev/null; then exit 0; fi
       if [[ -f "$KAFKA_DATA_DIR/started-by-tests" ]]; then
         bash ${script('stop.sh')} && rm -f "$KAFKA_DATA_DIR/started-by-tests"
       fi'`,
    120_000,
  );
};

const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });

export interface DedicatedKafka {
  brokers: string[];
  instance: KafkaInstance;
  /** Starts (again) and waits until it answers; same data, same cluster. */
  start(): Promise<void>;
  /** Graceful stop (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

/** A private broker on free ports with its own data dir (for tests that take the broker down). */
export const startDedicatedKafka = async (): Promise<DedicatedKafka> => {
  const instance: KafkaInstance = {
    port: await freePort(),
    controllerPort: await freePort(),
    dataDir: mkdtempSync(join(tmpdir(), 'gevinst-kafka-')),
  };
  const dedicated: DedicatedKafka = {
    brokers: [`127.0.0.1:${instance.port}`],
    instance,
    start: () => startKafka(instance),
    stop: () => stopKafka(instance),
    dispose: async () => {
      await stopKafka(instance);
      rmSync(instance.dataDir, { recursive: true, force: true });
    },
  };
  try {
    await dedicated.start();
  } catch (error) {
    await dedicated.dispose().catch(() => undefined);
    throw error;
  }
  return dedicated;
};
