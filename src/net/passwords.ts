import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Salted scrypt hashes, computed on libuv's thread pool (never on the event
 * loop): a thousand logins at once queue there while chat goes on. Stored as
 * `scrypt$N$r$p$SALT$KEY` (base64), so the cost can be raised later without
 * making old hashes unreadable. N = 2^14, r = 8 take 16 MiB and tens of ms each.
 */
const COST = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const MAX_MEM = 64 * 1024 * 1024;

interface Params {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

const derive = (password: string, salt: Buffer, params: Params): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_BYTES, { ...params, maxmem: MAX_MEM }, (err, key) => (err === null ? resolve(key) : reject(err))),
  );

export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
};

const parseHash = (stored: string): { params: Params; salt: Buffer; key: Buffer } | undefined => {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every(Number.isSafeInteger)) return undefined;
  return { params, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
};

/**
 * Whether `password` is the one `stored` was made from, compared in constant
 * time. Without a stored hash (no such account) it still does the work of a
 * check, so the time taken does not tell whether a name is registered.
 */
export const verifyPassword = async (password: string, stored: string | undefined): Promise<boolean> => {
  const parsed = stored === undefined ? undefined : parseHash(stored);
  if (parsed === undefined) {
    await derive(password, randomBytes(SALT_BYTES), COST);
    return false;
  }
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
};
