import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the source: package names resolve as tsconfig.json's `paths` say.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^oauthkit$/, replacement: source('./src/index.ts') },
      { find: /^oauthkit\/redis$/, replacement: source('./src/redis/index.ts') },
      { find: /^oauthkit\/helloasso$/, replacement: source('./src/providers/helloasso/index.ts') },
      { find: /^oauthkit\/misoca$/, replacement: source('./src/providers/misoca/index.ts') },
      { find: /^@oauthkit\/sandbox$/, replacement: source('./packages/sandbox/src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
