import * as A from 'fp-ts/Array';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { from, map, mergeMap, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { defaultConfig } from '../config/config';
import { messagesFor } from '../i18n';
import { room } from '../room/room';
import { effectsToRecords, recordToEvent } from './convert';
import { Inbound, Outbound, RecordLine, StartRecord } from './records';

export interface Numbered<T> {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly record: T;
}

export type ReplayResult =
  | { readonly ok: true; readonly events: number; readonly outputs: number; readonly durationMs: number }
  | { readonly ok: false; readonly line: number | undefined; readonly expected: string; readonly got: string };

/** Decodes a recording; the error names the first bad line. */
export const parseRecording = (text: string): E.Either<string, Numbered<RecordLine>[]> =>
  pipe(
    text.split('\n').flatMap((raw, i) => (raw.trim() === '' ? [] : [{ raw, line: i + 1 }])),
    A.traverse(E.Applicative)(({ raw, line }) =>
      pipe(
        E.tryCatch(
          () => JSON.parse(raw) as unknown,
          () => `line ${line}: not JSON`,
        ),
        E.flatMap((json) =>
          pipe(
            RecordLine.decode(json),
            E.mapLeft(() => `line ${line}: not a recording record: ${raw.slice(0, 200)}`),
          ),
        ),
        E.map((record) => ({ line, record })),
      ),
    ),
  );

const show = (r: Outbound | undefined): string => (r === undefined ? '(nothing)' : `${r.kind} to ${r.client}: ${r.text}`);

/**
 * Feeds the recorded inbound events, at their recorded times, through the
 * room pipeline in virtual time, and compares what the room addresses to each
 * client with the recorded `out` and `hangup` lines, in order.
 */
export const replay = (records: readonly Numbered<RecordLine>[]): ReplayResult => {
  const start = records.find((r): r is Numbered<StartRecord> => r.record.kind === 'start');
  if (start === undefined) return { ok: false, line: undefined, expected: 'a start record', got: '(none)' };
  const inbound = records.filter((r): r is Numbered<Inbound> => Inbound.is(r.record));
  const expected = records.filter((r): r is Numbered<Outbound> => Outbound.is(r.record));
  const { config } = start.record;
  const addrs = new Map(inbound.flatMap((r) => ('client' in r.record ? [[r.record.id, r.record.client] as const] : [])));
  const got: Outbound[] = [];
  let durationMs = 0;

  new TestScheduler(() => undefined).run(({ flush }) => {
    // Timers due at the same instant fire in the order they were made: record order.
    const events$ = from(inbound).pipe(mergeMap(({ record }) => timer(record.t).pipe(map(() => recordToEvent(record)))));
    // Recordings made before rooms had history say nothing of it: they were made without.
    room({ rate: defaultConfig.rate, history: 0, motd: [], ...config, messages: messagesFor(config.lang) })(events$).subscribe(([, effects]) => {
      got.push(...effectsToRecords(effects, 0, (id) => addrs.get(id) ?? '?'));
    });
    flush();
    durationMs = inbound.at(-1)?.record.t ?? 0;
  });

  const length = Math.max(expected.length, got.length);
  for (let i = 0; i < length; i++) {
    const want = expected[i];
    const have = got[i];
    const same =
      want !== undefined &&
      have !== undefined &&
      want.record.kind === have.kind &&
      want.record.id === have.id &&
      want.record.text === have.text;
    if (!same) return { ok: false, line: want?.line, expected: show(want?.record), got: show(have) };
  }
  return { ok: true, events: inbound.length, outputs: got.length, durationMs };
};
