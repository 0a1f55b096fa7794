// A separate process for the cross-process lock test: increments a counter kept in a
// FileTokenStore under the key lock, and reports how many compare-and-sets lost a race.
import { setTimeout as sleep } from 'node:timers/promises';
import { FileTokenStore } from '../../src/tokens/file-store.js';

const [path, iterations] = process.argv.slice(2);
const store = new FileTokenStore(path ?? '');
let conflicts = 0;
for (let i = 0; i < Number(iterations); i++) {
  const lock = await store.lock('counter', 10_000);
  try {
    const current = await store.get('counter');
    // Widen the window between read and write: without the lock, updates would be lost here.
    await sleep(1);
    const next = Number(current?.tokens.accessToken ?? '0') + 1;
    const written = await store.compareAndSet('counter', current?.version ?? 0, {
      accessToken: String(next),
      tokenType: 'Bearer',
      expiresAt: null,
      extra: { writer: process.pid },
    });
    if (written === null) conflicts++;
  } finally {
    await lock.release();
  }
}
process.stdout.write(JSON.stringify({ conflicts }));
