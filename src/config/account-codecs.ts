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

/** A switch's value: given alone on the command line it is `true`; `=false`, `0`, `no`, `off` turn it off. */
export const onOff = new t.Type<boolean, string, string>(
  'true or false',
  (u): u is boolean => typeof u === 'boolean',
  (s, context) => {
    const v = s.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return t.success(true);
    if (['false', '0', 'no', 'off'].includes(v)) return t.success(false);
    return t.failure(s, context);
  },
  String,
);
