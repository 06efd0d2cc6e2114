import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';
import { afterAll } from 'vitest';

/** The PostgreSQL every machine of this kind runs (trust auth on loopback), and its database for tests. */
export const SHARED_POSTGRES = 'postgres://127.0.0.1/test';

/**
 * Fresh schemas in `server` (the shared PostgreSQL by default), one per call,
 * as `--data` URLs (`?schema=`); each is dropped when the test file ends.
 */
export const usePostgresSchemas = (server = SHARED_POSTGRES) => {
  const made: string[] = [];
  afterAll(async () => {
    if (made.length === 0) return;
    const client = new pg.Client({ connectionString: server.replace('//', `//${process.env.PGUSER ?? userInfo().username}@`) });
    await client.connect();
    try {
      for (const schema of made.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  });
  return (): string => {
    const schema = `rxchat_test_${randomBytes(6).toString('hex')}`;
    made.push(schema);
    return `${server}?schema=${schema}`;
  };
};
