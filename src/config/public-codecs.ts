import * as t from 'io-ts';
import { AddressList, parseAddressList } from '../net/cidr';
import { integerFrom } from './codecs';

/** Codecs of the flags for running in public: per-IP limits and address lists. */

export const wholeNumberOrZero = (what: string): t.Type<number, string, string> => {
  const codec = integerFrom(0, Number.MAX_SAFE_INTEGER);
  return new t.Type(`a whole number of ${what}, 0 to disable`, codec.is, codec.validate, codec.encode);
};

export const addressList = new t.Type<AddressList, string, string>(
  'comma-separated addresses and CIDR ranges (IPv4 or IPv6), or none',
  (u): u is AddressList => typeof u === 'object' && u !== null && 'ranges' in u,
  (s, context) => {
    const list = parseAddressList(s);
    return list === undefined ? t.failure(s, context) : t.success(list);
  },
  (list) => list.text,
);
