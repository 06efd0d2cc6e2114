import { RoomEvent } from '../room/events';

/**
 * One entry of a cluster's log, as a Redis Stream holds it: the event as
 * JSON (`e`) and, for a line, the sending node's estimate of Redis's clock
 * when the line left it (`s`). The entry's id carries Redis's own clock
 * (`ms-seq`), which is the time every node folds the event at.
 */
export interface Entry {
  readonly id: string;
  readonly at: number;
  readonly event: RoomEvent;
  readonly sent: number | undefined;
}

/**
 * A line that reaches the log more than this after it was sent is dropped by
 * every node alike, and its sender was told it was not delivered: Redis was
 * stalled, and the line's moment has passed. Only lines: a join or a leave
 * always counts, however late.
 */
export const LATE_MS = 1000;

/** How long a node waits for Redis to take a line before telling its sender it was not delivered. */
export const UNDELIVERED_MS = LATE_MS + 500;

export const fieldsOf = (event: RoomEvent, sent: number): string[] =>
  event.type === 'line' ? ['e', JSON.stringify(event), 's', String(sent)] : ['e', JSON.stringify(event)];

export const timeOf = (id: string): number => Number(id.slice(0, id.indexOf('-')));

/** An entry as XREAD returns it; undefined for one that is not ours (never folded, on any node alike). */
export const parseEntry = (id: string, fields: readonly string[]): Entry | undefined => {
  let json: string | undefined;
  let sent: number | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'e') json = fields[i + 1];
    else if (fields[i] === 's') sent = Number(fields[i + 1]);
  }
  if (json === undefined) return undefined;
  try {
    const event = JSON.parse(json) as RoomEvent;
    return typeof event === 'object' && event !== null && typeof event.type === 'string' ? { id, at: timeOf(id), event, sent } : undefined;
  } catch {
    return undefined;
  }
};

/** Whether every node drops this entry: a line that came too late. */
export const isLate = (entry: Entry): boolean => entry.sent !== undefined && entry.at - entry.sent > LATE_MS;

/** Orders two stream ids (`ms-seq`) as Redis does. */
export const compareIds = (a: string, b: string): number => {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am !== bm ? am - bm : (as ?? 0) - (bs ?? 0);
};
