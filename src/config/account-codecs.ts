import * as t from 'io-ts';
import { NickName, nameKey } from '../protocol/names';

/** `--op-accounts alice,Bob`: names as /nick takes them, kept as keys (compared as names are, §2). */
export const accountList = new t.Type<readonly string[], string, string>(
  'comma-separated names (1-24 letters, digits, _ - .)',
  (u): u is readonly string[] => Array.isArray(u) && u.every((n) => typeof n === 'string'),
  (s, context) => {
    const names = s.split(',').map((n) => n.trim().normalize('NFKC'));
    return names.every((n) => NickName.is(n)) ? t.success(names.map(nameKey)) : t.failure(s, context);
  },
  (names) => names.join(','),
);
