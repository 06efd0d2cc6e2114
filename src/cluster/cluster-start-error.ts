/** Redis unreachable at start-up: one line on stderr, exit 1. Its own file, so main.ts can name it without loading ioredis. */
export class ClusterStartError extends Error {}
