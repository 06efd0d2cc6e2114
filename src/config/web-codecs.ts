import * as t from 'io-ts';

/** An origin as browsers send it: scheme, host and port only, nothing after. */
const ORIGIN = /^https?:\/\/[^/\s?#]+$/;

export const originList = new t.Type<readonly string[], string, string>(
  'comma-separated origins such as https://chat.example.org',
  (u): u is readonly string[] => Array.isArray(u) && u.every((o) => typeof o === 'string'),
  (s, context) => {
    const origins = s.split(',').map((o) => o.trim());
    return origins.every((o) => ORIGIN.test(o)) ? t.success(origins.map((o) => o.toLowerCase())) : t.failure(s, context);
  },
  (origins) => origins.join(','),
);
