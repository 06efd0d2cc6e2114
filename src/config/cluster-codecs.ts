import * as t from 'io-ts';

const pattern = (name: string, re: RegExp): t.Type<string, string, string> =>
  new t.Type<string, string, string>(
    name,
    (u): u is string => typeof u === 'string' && re.test(u),
    (s, context) => (re.test(s) ? t.success(s) : t.failure(s, context)),
    (s) => s,
  );

export const redisUrl = pattern('a Redis URL such as redis://127.0.0.1:6379', /^rediss?:\/\/\S+$/);
export const clusterName = pattern('1-64 letters, digits, _ - .', /^[A-Za-z0-9_.-]{1,64}$/);
