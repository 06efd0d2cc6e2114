import { map, merge, mergeMap, Observable } from 'rxjs';
import { describe, it } from 'vitest';
import { ClientStreams, clientEvents, Input } from '../../src/room/client-events';
import * as ev from '../../src/room/events';
import { room } from '../../src/room/room';
import { testScheduler } from '../support/marbles';
import { addrOf, expand, tagOf, testRoomConfig } from '../support/room-harness';

const l = (text: string): Input => ({ type: 'line', text });
const client = (id: number, input$: Observable<Input>): ClientStreams => ({ id, addr: addrOf(id), input$ });

describe('clientEvents in virtual time', () => {
  it('kicks a silent client exactly at the timeout and tears its input down', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input$ = cold<Input>('-a--b', { a: l('hi'), b: l('there') });
      expectObservable(clientEvents(client(1, input$), 10)).toBe('cx--y 9ms (ie|)', {
        c: ev.connected(1, addrOf(1)),
        x: ev.line(1, 'hi'),
        y: ev.line(1, 'there'),
        i: ev.idle(1),
        e: ev.closed(1),
      });
      expectSubscriptions(input$.subscriptions).toBe('^ 13ms !');
    });
  });

  it('restarts the timer on every line, blank and over-long ones included', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input$ = cold<Input>('8ms a 8ms b 8ms o', { a: l(''), b: l('  '), o: { type: 'overlong' } });
      const kicks = clientEvents(client(1, input$), 10).pipe(map((e) => e.type));
      expectObservable(kicks).toBe('c 7ms l 8ms l 8ms o 9ms (ie|)', { c: 'connected', l: 'line', o: 'overlong', i: 'idle', e: 'closed' });
    });
  });

  it('never kicks with a timeout of 0, and ends with closed when input ends', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input$ = cold<Input>('100ms a 100ms |', { a: l('x') });
      expectObservable(clientEvents(client(1, input$), 0).pipe(map((e) => e.type))).toBe('c 99ms l 100ms (e|)', {
        c: 'connected',
        l: 'line',
        e: 'closed',
      });
    });
  });

  it('turns a too-slow signal into a tooSlow event, in order with the lines', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const input$ = cold<Input>('-a-s|', { a: l('hi'), s: { type: 'tooSlow' } });
      expectObservable(clientEvents(client(1, input$), 0).pipe(map((e) => e.type))).toBe('cl-s(e|)', {
        c: 'connected',
        l: 'line',
        s: 'tooSlow',
        e: 'closed',
      });
    });
  });
});

describe('the room pipeline in virtual time', () => {
  const pipeline = (clients: readonly ClientStreams[], idleMs: number): Observable<string[]> =>
    merge(...clients.map((c) => clientEvents(c, idleMs))).pipe(
      room(testRoomConfig),
      map(([, effects]) => expand(effects)),
    );

  it('one client’s activity never resets another’s idle timer', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const chatty = cold<Input>('-a 3ms a 3ms a 3ms a 3ms a', { a: l('') });
      const silent = cold<Input>('-');
      const events = pipeline([client(1, chatty), client(2, silent)], 10).pipe(
        mergeMap((lines) => lines),
      );
      // Client 2 joins at 0 and says nothing: kicked at exactly 10 ms although
      // client 1 keeps talking; client 1 is kicked 10 ms after its own last line.
      expectObservable(events).toBe('(abcde) 3ms (ghi) 12ms (jk|)', {
        a: `1 <- --- Welcome, ${tagOf(1)}! 1 users online. Type /help for commands.`,
        b: `1 <- *** ${tagOf(1)} joined`,
        c: `2 <- --- Welcome, ${tagOf(2)}! 2 users online. Type /help for commands.`,
        d: `1 <- *** ${tagOf(2)} joined`,
        e: `2 <- *** ${tagOf(2)} joined`,
        g: '2 <- !!! Idle for more than 600 s; disconnecting',
        h: 'close 2 (flush)',
        i: `1 <- *** ${tagOf(2)} timed out`,
        j: '1 <- !!! Idle for more than 600 s; disconnecting',
        k: 'close 1 (flush)',
      });
      expectSubscriptions(silent.subscriptions).toBe('^ 9ms !');
      expectSubscriptions(chatty.subscriptions).toBe('^ 26ms !');
    });
  });
});
