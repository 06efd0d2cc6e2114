import * as t from 'io-ts';

/**
 * A chosen name: NFKC-normalised, 1-24 code points, a letter or digit of any
 * script first, then letters, digits, combining marks, `_`, `-` or `.`.
 * `:` is never allowed, so a chosen name can never look like an addr.
 */
const NAME_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}_.-]{0,23}$/u;
/** A room is `#` and a name of the same shape. */
const ROOM_SHAPE = /^#[\p{L}\p{N}][\p{L}\p{N}\p{M}_.-]{0,23}$/u;

interface NickNameBrand {
  readonly NickName: unique symbol;
}

export const NickName = t.brand(
  t.string,
  (s): s is t.Branded<string, NickNameBrand> => NAME_SHAPE.test(s),
  'NickName',
);
export type NickName = t.TypeOf<typeof NickName>;

interface RoomNameBrand {
  readonly RoomName: unique symbol;
}

/** A room as its creator spelled it, `#` included. */
export const RoomName = t.brand(
  t.string,
  (s): s is t.Branded<string, RoomNameBrand> => ROOM_SHAPE.test(s),
  'RoomName',
);
export type RoomName = t.TypeOf<typeof RoomName>;

/** The form names are compared in: two members never share a key. */
export const nameKey = (name: string): string => name.normalize('NFKC').toLowerCase().normalize('NFKC');

export const LOBBY = '#lobby' as RoomName;
