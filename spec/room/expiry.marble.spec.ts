import { map, merge, mergeMap, Observable } from 'rxjs';
import { describe, it } from 'vitest';
import { ClientStreams, clientEvents, Input } from '../../src/room/client-events';
import * as ev from '../../src/room/events';
import { RoomEvent } from '../../src/room/events';
import { room } from '../../src/room/room';
import { testScheduler } from '../support/marbles';
import { expand, testRoomConfig } from '../support/room-harness';

/** Mute and ban expiry, and history, through the whole room pipeline in virtual time: minutes pass in no time. */
const l = (text: string): Input => ({ type: 'line', text });
const addr = (id: number): string => `10.0.0.${id}:500${id}`;
const tag = (id: number): string => `[${addr(id)}]${addr(id)}`;
const client = (id: number, input$: Observable<Input>): ClientStreams => ({ id, addr: addr(id), input$ });
const config = { ...testRoomConfig, maxClients: 10, history: 2 };

/** Every line the room sends, one value per line, in fold order. */
const lines = (...streams: Observable<RoomEvent>[]): Observable<string> =>
  merge(...streams).pipe(
    room(config),
    mergeMap(([, effects]) => expand(effects)),
  );

const welcome = (id: number, n: number): string => `${id} <- --- Welcome, ${tag(id)}! ${n} users online. Type /help for commands.`;

describe('moderation in virtual time', () => {
  it('a mute ends by itself when its minutes have passed', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const op = cold<Input>('-a', { a: l('/mute 10.0.0.2:5002 1') });
      // Muted at 1 ms for a minute: still muted at 60,000 ms, free at 60,001.
      const talker = cold<Input>('60000ms a b', { a: l('still?'), b: l('free') });
      const grant = hot<RoomEvent>('a', { a: ev.opAttempt(1, 'granted') });
      const out = lines(clientEvents(client(1, op), 0), clientEvents(client(2, talker), 0), grant).pipe(
        // Only what client 2 is told after the joins.
        mergeMap((line) => (line.startsWith('2 <- ') && !/joined|Welcome/.test(line) ? [line] : [])),
      );
      expectObservable(out).toBe('-a 59998ms b c', {
        a: `2 <- *** ${tag(2)} was muted by ${tag(1)}`,
        b: '2 <- !!! You are muted',
        c: `2 <- ${tag(2)}: free`,
      });
    });
  });

  it('a banned address is refused until the ban ends, then welcomed', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const op = cold<Input>('-a', { a: l('/ban 10.0.0.7 2') });
      const grant = hot<RoomEvent>('a', { a: ev.opAttempt(1, 'granted') });
      // The same address tries at 1 min and at exactly 2 min.
      const tries = hot<RoomEvent>('- 1m a 59999ms b', { a: ev.connected(7, '10.0.0.7:7000'), b: ev.connected(8, '10.0.0.7:7001') });
      const out = lines(clientEvents(client(1, op), 0), grant, tries).pipe(mergeMap((line) => (/^(close )?[78] /.test(line) ? [line] : [])));
      expectObservable(out).toBe('- 1m (ab) 59996ms (cd)', {
        a: '7 <- !!! You are banned from this server',
        b: 'close 7 (flush)',
        c: `8 <- --- Welcome, [10.0.0.7:7001]10.0.0.7:7001! 2 users online. Type /help for commands.`,
        d: `8 <- *** [10.0.0.7:7001]10.0.0.7:7001 joined`,
      });
    });
  });

  it('history: whoever enters later gets the last H lines, oldest first', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const talker = cold<Input>('-abc', { a: l('one'), b: l('/me two'), c: l('three') });
      const late = cold<Input>('-');
      const out = merge(
        clientEvents(client(1, talker), 0),
        cold('10ms a').pipe(mergeMap(() => clientEvents(client(3, late), 0))),
      ).pipe(
        room(config),
        map(([, effects]) => expand(effects).filter((line) => line.startsWith('3 <- '))),
        mergeMap((sent) => (sent.length === 0 ? [] : [sent])),
      );
      expectObservable(out).toBe('10ms a', {
        a: [
          welcome(3, 2),
          '3 <- --- Recent messages in #lobby:',
          `3 <- * ${tag(1)} two`,
          `3 <- ${tag(1)}: three`,
          '3 <- --- End of recent messages',
          `3 <- *** ${tag(3)} joined`,
        ],
      });
    });
  });
});
