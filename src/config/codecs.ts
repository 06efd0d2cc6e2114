import * as t from 'io-ts';

/** Codecs from the text of a flag or variable to its value; plain digits only, no 0x, 1e3 or padding. */
const INTEGER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

export const integerFrom = (min: number, max: number): t.Type<number, string, string> =>
  new t.Type<number, string, string>(
    `an integer from ${min} to ${max}`,
    (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= min && u <= max,
    (s, context) => {
      const n = Number(s);
      return INTEGER.test(s) && Number.isSafeInteger(n) && n >= min && n <= max ? t.success(n) : t.failure(s, context);
    },
    String,
  );

export const atLeastOne = (what: string): t.Type<number, string, string> => {
  const codec = integerFrom(1, Number.MAX_SAFE_INTEGER);
  return new t.Type(`a whole number of ${what}, at least 1`, codec.is, codec.validate, codec.encode);
};

export const nonNegativeDecimal = new t.Type<number, string, string>(
  'a non-negative decimal number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u) && u >= 0,
  (s, context) => (DECIMAL.test(s) && Number.isFinite(Number(s)) ? t.success(Number(s)) : t.failure(s, context)),
  String,
);

export const nonEmpty = new t.Type<string, string, string>(
  'a non-empty value',
  (u): u is string => typeof u === 'string' && u !== '',
  (s, context) => (s !== '' ? t.success(s) : t.failure(s, context)),
  (s) => s,
);

export const oneOf = <K extends string>(...values: readonly K[]): t.Type<K, string, string> =>
  new t.Type<K, string, string>(
    `one of ${values.join(', ')}`,
    (u): u is K => typeof u === 'string' && (values as readonly string[]).includes(u),
    (s, context) => ((values as readonly string[]).includes(s) ? t.success(s as K) : t.failure(s, context)),
    (k) => k,
  );
