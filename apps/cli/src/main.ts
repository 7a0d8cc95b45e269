import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@gevinst/platform';
import { DEV_IDENTITIES } from '@gevinst/platform';
import { signDevToken } from '@gevinst/platform';

/**
 * gevinst: the command line of the product. Read-only audit commands, and the dev-token helper
 * of the embedded default.
 *
 *   npm run token -- <identity>      print a bearer token for a dev identity (e.g. frida)
 *   npm run cli -- identities        list the dev identities
 */
const USAGE = `Usage: gevinst <command> [options]

Commands:
  token <identity> [--expires 8h]   Print a bearer token for a dev identity (embedded default only)
  identities                        List the dev identities and their roles
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
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
    process.stderr.write(`gevinst: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
