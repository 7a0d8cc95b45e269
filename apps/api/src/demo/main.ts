import * as fs from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import { devSigningSecret, loadConfig, signDevToken, DEV_IDENTITIES } from '@gevinst/platform';
import { createApp } from '../create-app';
import { demoAuthorToken, seedDemo, DEMO_DEPARTMENTS, type DemoClient } from './demo-data';

/**
 * `npm run demo`: fills DATA_DIR (default ./data) with the demo municipality through the real
 * API, then exits; `npm start` shows it. Refuses a data directory that already has events.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
  const eventsFile = config.eventStore.kind === 'sqlite' ? config.eventStore.file : null;
  if (eventsFile && fs.existsSync(eventsFile) && fs.statSync(eventsFile).size > 0 && !process.argv.includes('--force')) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(eventsFile, { readonly: true });
    const count = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    db.close();
    if (count > 0) {
      process.stderr.write(`demo: ${path.dirname(eventsFile)} already holds ${count} events; use an empty DATA_DIR (events are never deleted)\n`);
      process.exit(2);
    }
  }
  const app = await createApp(config, pino({ level: 'warn' }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const tokens: Record<string, string> = {};
  for (const i of DEV_IDENTITIES) tokens[i.id] = await signDevToken(config, i.id);
  const secret = devSigningSecret(config);
  for (const d of DEMO_DEPARTMENTS) tokens[`author:${d.id}`] = await demoAuthorToken(secret, d.id);
  const client: DemoClient = {
    async request(method, url, as, body, headers = {}) {
      const res = await fetch(`http://127.0.0.1:${port}${url}`, {
        method,
        headers: { authorization: `Bearer ${tokens[as] ?? as}`, 'content-type': 'application/json', ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as never };
    },
  };
  const started = Date.now();
  const result = await seedDemo(client, (dept) => `author:${dept}`, new Date().getUTCFullYear());
  await app.close();
  process.stdout.write(
    `demo: ${result.departments} departments, ${result.cases} business cases (${result.approved} approved), ${result.cuts} budget cuts, ${result.indicators} indicators with ${result.measurements} measurements in ${((Date.now() - started) / 1000).toFixed(1)} s → ${config.dataDir}\n` +
      'demo: now run `npm start` and sign in (e.g. as frida, finance)\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
