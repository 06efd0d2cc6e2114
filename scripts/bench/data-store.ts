import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A store made for one round, and taken away after it. */
export interface RoundStore {
  /** The value for rxchat's --data. */
  readonly data: string;
  readonly remove: () => Promise<void>;
}

/**
 * `npm run bench -- --data` runs rxchat on a fresh SQLite file each round;
 * `--data postgres://HOST/DB` on a fresh schema of that database each round
 * (dropped after it). Each is compared with rxchat without --data.
 */
export const roundStore = async (given: string | undefined): Promise<RoundStore> => {
  if (given === undefined || !/^postgres(ql)?:\/\//.test(given)) {
    const dir = mkdtempSync(join(tmpdir(), 'rxchat-bench-data-'));
    return { data: join(dir, 'chat.db'), remove: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
  }
  const schema = `rxchat_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(given);
  if (url.username === '') url.username = process.env.PGUSER ?? userInfo().username;
  return {
    data: `${given}${given.includes('?') ? '&' : '?'}schema=${schema}`,
    remove: async () => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
};
