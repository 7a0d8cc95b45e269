/**
 * Run by sqlite-document-store.spec.ts in a child process: commits one batch, then kills
 * itself with SIGKILL inside the next batch's transaction, after all its writes and just
 * before COMMIT — a crash at the worst moment.
 *   node -r ./tools/register.js crash-child.ts <database file>
 */
import { SqliteDocumentStore } from '../sqlite-document-store';
import { crashEvents, toyProjections } from './toy';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-child.ts <database file>');
const store = new SqliteDocumentStore({ file, synchronous: 'FULL' });
const events = crashEvents();
store.applyBatch(toyProjections(), events.slice(0, 5));
process.stdout.write('committed\n');
store.applyBatch(toyProjections(), events.slice(5), {
  onBeforeCommit: () => {
    process.kill(process.pid, 'SIGKILL');
    for (;;); // the signal is on its way; never reach COMMIT
  },
});
process.stdout.write('unreachable\n');
