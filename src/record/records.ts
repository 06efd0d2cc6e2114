import * as t from 'io-ts';

/**
 * One line of a recording (JSON Lines). Inbound kinds are the events that
 * entered the room, in the order the room folded them; `out` is a line the
 * room addressed to `client`, `hangup` a close it asked for. `t` is
 * milliseconds since the server started, `id` tells apart two connections
 * that reused one addr.
 */
const client = { t: t.number, client: t.string, id: t.number };

const Start = t.type({
  t: t.number,
  kind: t.literal('start'),
  config: t.intersection([
    t.type({ maxClients: t.number, maxLine: t.number, idleTimeout: t.number, lang: t.keyof({ en: null, zh: null }) }),
    /** Added after the first recordings; those were made at the default rate. */
    t.partial({ rate: t.number, history: t.number, motd: t.array(t.string) }),
  ]),
});
/** `name`: the name asked for on connecting (an SSH login's user name), when there was one. */
const Connect = t.intersection([t.type({ ...client, kind: t.literal('connect') }), t.partial({ name: t.string })]);
const Line = t.type({ ...client, kind: t.literal('line'), text: t.string });
const Overlong = t.type({ ...client, kind: t.literal('overlong') });
const Close = t.type({ ...client, kind: t.literal('close') });
const Idle = t.type({ ...client, kind: t.literal('idle') });
const Slow = t.type({ ...client, kind: t.literal('slow') });
const Slowed = t.type({ ...client, kind: t.literal('slowed') });
/** `/op PASSWORD` as the room saw it: the verdict, and `/op ***` in place of the password. */
const Op = t.type({
  ...client,
  kind: t.literal('op'),
  text: t.literal('/op ***'),
  verdict: t.keyof({ granted: null, denied: null, none: null }),
});
const Shutdown = t.type({ t: t.number, kind: t.literal('shutdown') });
/** A cluster node took a snapshot's state (it fell behind the log); the state as the snapshot held it. */
const Reseed = t.type({ t: t.number, kind: t.literal('reseed'), state: t.unknown });
const NodeGone = t.type({ t: t.number, kind: t.keyof({ nodeStopped: null, nodeLost: null }), node: t.number });
const Out = t.type({ ...client, kind: t.literal('out'), text: t.string });
const Hangup = t.type({ ...client, kind: t.literal('hangup'), text: t.keyof({ flush: null, drop: null }) });

export const Inbound = t.union([Connect, Line, Overlong, Close, Idle, Slow, Slowed, Op, Shutdown, NodeGone, Reseed]);
export type Inbound = t.TypeOf<typeof Inbound>;
export const Outbound = t.union([Out, Hangup]);
export type Outbound = t.TypeOf<typeof Outbound>;
export const RecordLine = t.union([Start, Inbound, Outbound]);
export type RecordLine = t.TypeOf<typeof RecordLine>;
export type StartRecord = t.TypeOf<typeof Start>;
