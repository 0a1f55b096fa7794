// A process that rotates a token pair in a FileTokenStore as fast as it can, under the key lock,
// printing each version once it is written, until it is killed (the crash-safety test).
import { FileTokenStore } from '../../src/tokens/file-store.js';

const [path] = process.argv.slice(2);
const store = new FileTokenStore(path ?? '');
for (;;) {
  const lock = await store.lock('rotating', 10_000);
  try {
    const current = await store.get('rotating');
    const next = (current?.version ?? 0) + 1;
    const written = await store.compareAndSet('rotating', current?.version ?? 0, {
      accessToken: `access-${next}`,
      refreshToken: `refresh-${next}`,
      tokenType: 'Bearer',
      expiresAt: null,
      extra: { generation: next },
    });
    if (written === null) throw new Error(`lost a compare-and-set under the lock at version ${next - 1}`);
    process.stdout.write(`${written.version}\n`);
  } finally {
    await lock.release();
  }
}
