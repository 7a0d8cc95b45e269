import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import * as path from 'node:path';

/** An environment value read as a number (unset or empty: undefined), for the number checks. */
const NumberFromEnv = (): PropertyDecorator => Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)));

/**
 * The process configuration, 12-factor style: read from the environment once at start-up and
 * validated; a bad value stops the process with a message naming the variable.
 * Nothing set = the embedded default: SQLite under ./data, no Kafka, dev identities.
 */
export class EnvironmentVariables {
  @IsOptional()
  @NumberFromEnv()
  @Min(0)
  @Max(65535)
  @IsInt({ message: 'PORT must be a whole number' })
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @Matches(/^(esdb|esdb\+discover):\/\/.+/, { message: 'EVENTSTORE_URL must be an esdb:// connection string' })
  EVENTSTORE_URL?: string;

  @IsOptional()
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS?: string;

  @IsOptional()
  @IsIn(['dev', 'oidc'], { message: 'AUTH_MODE must be dev or oidc' })
  AUTH_MODE?: 'dev' | 'oidc';

  @IsOptional()
  @IsUrl({ require_tld: false }, { message: 'OIDC_ISSUER must be a URL' })
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_AUDIENCE?: string;

  @IsOptional()
  @IsUrl({ require_tld: false }, { message: 'OIDC_JWKS_URL must be a URL' })
  OIDC_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  OIDC_ROLES_CLAIM?: string;

  @IsOptional()
  @IsString()
  OIDC_DEPARTMENTS_CLAIM?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'DEV_TOKEN_SECRET must be at least 32 characters' })
  DEV_TOKEN_SECRET?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsIn(['FULL', 'NORMAL'], { message: 'SQLITE_SYNCHRONOUS must be FULL or NORMAL' })
  SQLITE_SYNCHRONOUS?: 'FULL' | 'NORMAL';

  @IsOptional()
  @NumberFromEnv()
  @IsInt({ message: 'AS_OF_KEYFRAME_EVERY must be a whole number of events (0: no keyframes)' })
  @Min(0, { message: 'AS_OF_KEYFRAME_EVERY must be 0 or more' })
  @Max(100_000_000, { message: 'AS_OF_KEYFRAME_EVERY must be at most 100000000' })
  AS_OF_KEYFRAME_EVERY?: number;

  @IsOptional()
  @NumberFromEnv()
  @IsInt({ message: 'AS_OF_MAX_KEYFRAMES must be a whole number' })
  @Min(2, { message: 'AS_OF_MAX_KEYFRAMES must be 2 or more' })
  @Max(10_000, { message: 'AS_OF_MAX_KEYFRAMES must be at most 10000' })
  AS_OF_MAX_KEYFRAMES?: number;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStore: { kind: 'sqlite'; file: string; synchronous: 'FULL' | 'NORMAL' } | { kind: 'eventstoredb'; url: string };
  readModelFile: string;
  kafka: { brokers: string[] } | null;
  auth:
    | { mode: 'dev'; secret?: string }
    | { mode: 'oidc'; issuer: string; audience: string; jwksUrl: string; rolesClaim: string; departmentsClaim: string };
  logLevel: string;
  /** As-of views: a keyframe of the read models every this many events (0: none), at most asOfMaxKeyframes (then spaced wider). */
  asOfKeyframeEvery: number;
  asOfMaxKeyframes: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Reads and validates the configuration; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string | undefined> = {};
  for (const key of KNOWN_KEYS) raw[key] = env[key] === '' ? undefined : env[key];
  const vars = plainToInstance(EnvironmentVariables, raw);
  const problems = validateSync(vars, { forbidUnknownValues: false, stopAtFirstError: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) =>
      message.startsWith(e.property) ? message : `${e.property}: ${message}`,
    ),
  );
  const authMode = vars.AUTH_MODE ?? (vars.OIDC_ISSUER ? 'oidc' : 'dev');
  if (authMode === 'oidc') {
    for (const key of ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'] as const) {
      if (!vars[key]) problems.push(`${key} is required when AUTH_MODE is oidc`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(vars.DATA_DIR ?? 'data');
  return {
    port: vars.PORT ?? 3000,
    host: vars.HOST ?? '0.0.0.0',
    dataDir,
    eventStore: vars.EVENTSTORE_URL
      ? { kind: 'eventstoredb', url: vars.EVENTSTORE_URL }
      : { kind: 'sqlite', file: path.join(dataDir, 'events.sqlite'), synchronous: vars.SQLITE_SYNCHRONOUS ?? 'FULL' },
    readModelFile: path.join(dataDir, 'read-models.sqlite'),
    kafka: vars.KAFKA_BROKERS ? { brokers: vars.KAFKA_BROKERS.split(',') } : null,
    auth:
      authMode === 'oidc'
        ? {
            mode: 'oidc',
            issuer: vars.OIDC_ISSUER!,
            audience: vars.OIDC_AUDIENCE!,
            jwksUrl: vars.OIDC_JWKS_URL!,
            rolesClaim: vars.OIDC_ROLES_CLAIM ?? 'roles',
            departmentsClaim: vars.OIDC_DEPARTMENTS_CLAIM ?? 'departments',
          }
        : { mode: 'dev', ...(vars.DEV_TOKEN_SECRET ? { secret: vars.DEV_TOKEN_SECRET } : {}) },
    logLevel: vars.LOG_LEVEL ?? 'info',
    asOfKeyframeEvery: vars.AS_OF_KEYFRAME_EVERY ?? DEFAULT_AS_OF_KEYFRAME_EVERY,
    asOfMaxKeyframes: vars.AS_OF_MAX_KEYFRAMES ?? DEFAULT_AS_OF_MAX_KEYFRAMES,
  };
}

const KNOWN_KEYS = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'EVENTSTORE_URL',
  'KAFKA_BROKERS',
  'AUTH_MODE',
  'OIDC_ISSUER',
  'OIDC_AUDIENCE',
  'OIDC_JWKS_URL',
  'OIDC_ROLES_CLAIM',
  'OIDC_DEPARTMENTS_CLAIM',
  'DEV_TOKEN_SECRET',
  'LOG_LEVEL',
  'SQLITE_SYNCHRONOUS',
  'AS_OF_KEYFRAME_EVERY',
  'AS_OF_MAX_KEYFRAMES',
];

/** Keyframes of the read models for as-of views: every 10,000 events (see docs/audit.md). */
export const DEFAULT_AS_OF_KEYFRAME_EVERY = 10_000;
/** At most 48 keyframes: then every other one goes and the spacing doubles (memory stays bounded). */
export const DEFAULT_AS_OF_MAX_KEYFRAMES = 48;
