import { createWriteStream, type WriteStream } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig } from '@gevinst/platform';
import { DEV_IDENTITIES } from '@gevinst/platform';
import { signDevToken } from '@gevinst/platform';
import { columnsOf, flatten, toCsv } from './csv';
import { printHistory, printReplay, printVerify, printWhatIf } from './print';
import { ApiSource, CliError, StoreSource, VIEWS, type AuditSource, type HistorySubject, type Point, type ViewName } from './sources';

/**
 * gevinst: the command line of the product. The auditor's read-only commands, and the
 * dev-token helper of the embedded default.
 *
 *   npm run token -- <identity>      print a bearer token for a dev identity (e.g. frida)
 *   npm run cli -- identities        list the dev identities
 *   npm run cli -- <audit command>   see USAGE (docs/audit.md)
 */
const USAGE = `Usage: gevinst <command> [options]

Commands:
  token <identity> [--expires 8h]   Print a bearer token for a dev identity (embedded default only)
  identities                        List the dev identities and their roles

  Audit (read-only; nothing is ever written):
  history business-case <caseId>          Every event with who, role, when, reason, before → after
  history department <departmentId>
  history budget-cut <caseId> <cutId>
  history stream <streamName>
  as-of <view> [args] (--at <instant> | --position <n>)
                                          A view as it was: ${VIEWS.join(', ')}
                                          (business-case <caseId>, economics <caseId> <revision>,
                                           ledger <departmentId>, realisation <caseId>)
  at-approval <caseId> <cutId>            What finance saw when it approved the cut
  verify [--expect-head <position>:<hash>]  Walk the hash chain (SQLite); check a head kept earlier
  chain-head                              Print <position>:<hash> of the verified head, to keep elsewhere
  replay-verify                           Rebuild every projection from 0 and compare with the read models
  what-if [--discount-rate 2.5] [--retained-share 40] [--department-shares d:30,…]
          [--case-shares id:50,…] [--adoption-factor 80] [--adoption-delay 6] [--ramp-up 18]
          [--at <instant> | --position <n>]
                                          Replay history with other assumptions, in memory
  export-log [--after <position>] [--out <file>]
                                          The event log as JSON lines (positions as strings)
  export-views <business-cases|cuts|ledgers|portfolio> [--at | --position] [--out <file>]
                                          A view as CSV (RFC 4180)

Where from (every audit command):
  --api <url> --token <token>   the API, with an auditor's token (or GEVINST_API_URL, GEVINST_TOKEN)
  otherwise                     the files under DATA_DIR (or --data-dir), opened read-only
Output: human-readable; --json for JSON.
Exit codes: 0 ok, 1 the audit found a problem (chain broken, read models differ),
            2 usage or a refused value, 3 not allowed / not reachable / not available, 4 not found,
            78 bad configuration, 70 an unexpected error.
`;

const COMMON = {
  api: { type: 'string' },
  token: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  out: { type: 'string' },
  at: { type: 'string' },
  position: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const WHAT_IF = {
  'discount-rate': { type: 'string' },
  'retained-share': { type: 'string' },
  'department-shares': { type: 'string' },
  'case-shares': { type: 'string' },
  'adoption-factor': { type: 'string' },
  'adoption-delay': { type: 'string' },
  'ramp-up': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type Values = { [K in keyof typeof COMMON]?: (typeof COMMON)[K]['type'] extends 'boolean' ? boolean : string } & { [K in keyof typeof WHAT_IF]?: string } & { 'expect-head'?: string; after?: string };

const parse = (args: string[]): { positionals: string[]; values: Values } => {
  try {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, strict: true, options: { ...COMMON, ...WHAT_IF, 'expect-head': { type: 'string' }, after: { type: 'string' } } });
    return { positionals, values: values as Values };
  } catch (error) {
    throw new CliError(2, error instanceof Error ? error.message : String(error));
  }
};

/** The API (with a token), or the files under DATA_DIR. */
const openSource = (values: Values): AuditSource => {
  const api = values.api ?? process.env['GEVINST_API_URL'];
  if (api) {
    const token = values.token ?? process.env['GEVINST_TOKEN'];
    if (!token) throw new CliError(2, '--api needs --token <token> (or GEVINST_TOKEN): an auditor token, e.g. npm run -s token -- revi');
    return new ApiSource(api, token);
  }
  if (values.token) throw new CliError(2, '--token needs --api <url>');
  const env = { ...process.env, ...(values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {}) };
  return new StoreSource(loadConfig(env));
};

const pointOf = (values: Values): Point => {
  if (values.at !== undefined && values.position !== undefined) throw new CliError(2, 'give --at <instant> or --position <n>, not both');
  return { ...(values.at !== undefined ? { asOf: values.at } : {}), ...(values.position !== undefined ? { asOfPosition: values.position } : {}) };
};

/** Writes to --out (a file) or stdout. */
const output = (values: Values): { write(text: string): Promise<void>; end(): Promise<void> } => {
  if (!values.out) return { write: async (text) => void process.stdout.write(text), end: async () => undefined };
  const stream: WriteStream = createWriteStream(values.out, { flags: 'wx' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new CliError(2, `cannot write ${values.out}: ${error.message}`)));
  });
  return {
    write: async (text) => {
      await opened;
      if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    },
    end: async () => {
      await opened;
      await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    },
  };
};

const json = (value: unknown): string => `${JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v), 2)}\n`;

/** Rows of a view for CSV. */
const viewRows = (name: string, view: unknown): Record<string, unknown>[] => {
  const items = (view as { items?: Record<string, unknown>[] }).items;
  switch (name) {
    case 'business-cases':
    case 'cuts':
      return (items ?? []).map((item) => flatten(item));
    case 'ledgers':
      return (items ?? []).flatMap((ledger) =>
        ((ledger['years'] as Record<string, unknown>[]) ?? []).map(({ cases, ...year }) => ({
          departmentId: ledger['departmentId'],
          name: ledger['name'],
          ...flatten(year),
          cases: Array.isArray(cases) ? cases.length : 0,
        })),
      );
    case 'portfolio': {
      const p = view as { asOf?: unknown; municipality: Scope; byDepartment: (Scope & { departmentId: string })[] };
      type Scope = { toDate: Record<string, unknown>; byYear: Record<string, unknown>[] };
      const rows = (scope: string, s: Scope): Record<string, unknown>[] => [
        { scope, period: 'to-date', ...flatten(s.toDate) },
        ...s.byYear.map((y) => ({ scope, period: String(y['year']), ...flatten(y) })),
      ];
      return [...rows('@municipality', p.municipality), ...p.byDepartment.flatMap((d) => rows(d.departmentId, d))];
    }
    default:
      throw new CliError(2, `export-views: one of business-cases, cuts, ledgers, portfolio (not ${name})`);
  }
};

async function audit(command: string, rest: string[]): Promise<number> {
  const { positionals, values } = parse(rest);
  const source = openSource(values);
  try {
    const out = output(values);
    switch (command) {
      case 'history': {
        const [kind, a, b] = positionals;
        const subject: HistorySubject | undefined =
          kind === 'business-case' && a && !b
            ? { kind, caseId: a }
            : kind === 'department' && a && !b
              ? { kind, departmentId: a }
              : kind === 'budget-cut' && a && b
                ? { kind, caseId: a, cutId: b }
                : kind === 'stream' && a && !b
                  ? { kind, stream: a }
                  : undefined;
        if (!subject) throw new CliError(2, 'usage: history business-case <caseId> | department <departmentId> | budget-cut <caseId> <cutId> | stream <name>');
        const history = await source.history(subject);
        await out.write(values.json ? json(history) : printHistory(history));
        break;
      }
      case 'as-of': {
        const [view, ...args] = positionals;
        if (!VIEWS.includes(view as ViewName)) throw new CliError(2, `as-of: a view: ${VIEWS.join(', ')}`);
        const point = pointOf(values);
        if (point.asOf === undefined && point.asOfPosition === undefined) throw new CliError(2, 'as-of needs --at <instant> or --position <n>');
        await out.write(json(await source.view(view as ViewName, args, point)));
        break;
      }
      case 'at-approval': {
        const [caseId, cutId, ...more] = positionals;
        if (!caseId || !cutId || more.length > 0) throw new CliError(2, 'usage: at-approval <caseId> <cutId>');
        await out.write(json(await source.atApproval(caseId, cutId)));
        break;
      }
      case 'verify': {
        const report = await source.verify(values['expect-head']);
        await out.write(values.json ? json(report) : printVerify(report));
        await out.end();
        return report.ok ? 0 : 1;
      }
      case 'chain-head': {
        const head = await source.chainHead();
        await out.write(values.json ? json(head) : `${head.keep ?? '(empty log)'}\n`);
        break;
      }
      case 'replay-verify': {
        const report = await source.replayVerify();
        await out.write(values.json ? json(report) : printReplay(report));
        await out.end();
        return report.ok ? 0 : 1;
      }
      case 'what-if': {
        const report = await source.whatIf(
          {
            discountRatePct: values['discount-rate'],
            retainedSharePct: values['retained-share'],
            departmentShares: values['department-shares'],
            caseShares: values['case-shares'],
            adoptionFactorPct: values['adoption-factor'],
            adoptionDelayMonths: values['adoption-delay'],
            rampUpMonths: values['ramp-up'],
          },
          pointOf(values),
        );
        await out.write(values.json ? json(report) : printWhatIf(report));
        break;
      }
      case 'export-log': {
        const after = values.after ?? '0';
        if (!/^\d{1,19}$/.test(after)) throw new CliError(2, '--after must be a log position (a whole number ≥ 0)');
        const count = await source.eachEvent(BigInt(after), (event) => out.write(`${JSON.stringify(event)}\n`));
        process.stderr.write(`export-log: ${count} events${values.out ? ` → ${values.out}` : ''}\n`);
        break;
      }
      case 'export-views': {
        const [name, ...more] = positionals;
        if (!name || more.length > 0) throw new CliError(2, 'usage: export-views <business-cases|cuts|ledgers|portfolio> [--at <instant> | --position <n>]');
        const view = ['business-cases', 'cuts', 'ledgers', 'portfolio'].includes(name) ? await source.view(name as ViewName, [], pointOf(values)) : undefined;
        const rows = viewRows(name, view);
        await out.write(toCsv(columnsOf(rows), rows));
        break;
      }
    }
    await out.end();
    return 0;
  } finally {
    await source.close();
  }
}

const AUDIT_COMMANDS = new Set(['history', 'as-of', 'at-approval', 'verify', 'chain-head', 'replay-verify', 'what-if', 'export-log', 'export-views']);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && AUDIT_COMMANDS.has(command)) return audit(command, rest);
  switch (command) {
    case 'token': {
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { expires: { type: 'string', default: '8h' } } });
      const id = positionals[0];
      if (!id) {
        process.stderr.write(`token: name a dev identity: ${DEV_IDENTITIES.map((i) => i.id).join(', ')}\n`);
        return 2;
      }
      if (!DEV_IDENTITIES.some((i) => i.id === id)) {
        process.stderr.write(`token: no dev identity named ${id}; choose one of ${DEV_IDENTITIES.map((i) => i.id).join(', ')}\n`);
        return 2;
      }
      const config = loadConfig();
      if (config.auth.mode !== 'dev') {
        process.stderr.write('token: dev tokens exist only in the embedded default (AUTH_MODE=dev)\n');
        return 2;
      }
      process.stdout.write(`${await signDevToken(config, id, { expiresIn: values.expires })}\n`);
      return 0;
    }
    case 'identities': {
      for (const i of DEV_IDENTITIES) {
        process.stdout.write(`${i.id.padEnd(9)} ${i.role.padEnd(16)} ${(i.departments.join(',') || '-').padEnd(20)} ${i.name}\n`);
      }
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Unknown command ${command}\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`gevinst: ${error.message}\n`);
      process.exit(error.exitCode);
    }
    process.stderr.write(`gevinst: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    // 78: configuration (as the API), 70: anything unexpected (not 1: that is "the audit found a problem").
    process.exit(error instanceof ConfigError ? 78 : 70);
  },
);
