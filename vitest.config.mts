import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'single', include: ['spec/**/*.spec.ts'] } },
      {
        // The real-socket protocol tests (v1 and v2) again, each server a two-node cluster on Redis.
        extends: true,
        test: { name: 'cluster', include: ['spec/net/protocol.spec.ts', 'spec/net/rooms.spec.ts'], env: { RXCHAT_TEST_CLUSTER: '1' } },
      },
    ],
  },
});
