import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { accountOf } from '../../src/room/accounts-state';
import * as ev from '../../src/room/events';
import { RoomEvent } from '../../src/room/events';
import { reducer, RoomConfig } from '../../src/room/reducer';
import { ChatState, initialState } from '../../src/room/state';

const config: RoomConfig = { messages: en, maxClients: 8, maxLine: 4096, idleTimeout: 600, rate: 10, history: 3, motd: [] };
const step = reducer(config);
const addr = (id: number): string => `10.0.0.${id}:${1000 + id}`;

const name = fc.constantFrom('alice', 'Alice', 'ＡＬＩＣＥ', 'bob');
const client = fc.integer({ min: 1, max: 4 });

/** An action, resolved against the state when folded, so a granted login carries the serial the edge would have seen. */
type Act = (state: ChatState) => RoomEvent;
const act: fc.Arbitrary<Act> = fc.oneof(
  fc.tuple(client, fc.constantFrom('/nick ', 'rename|'), name).map(([id, how, n]): Act => () => ev.line(id, how + n)),
  client.map((id): Act => () => ev.registerAttempt(id, { kind: 'password', hash: 'h' })),
  // A name and its registration straight after, so that accounts are common enough to be fought over.
  fc.tuple(client, name).map(([id, n]): Act => () => ev.line(id, `/nick ${n}`)),
  client.map((id): Act => () => ev.registerAttempt(id, 'tooShort')),
  fc.tuple(client, name, fc.constantFrom(true, true, false)).map(
    ([id, n, right]): Act =>
      (state) => {
        const account = accountOf(state.accounts, n);
        return ev.loginAttempt(id, account?.key ?? n.toLowerCase(), right ? 'granted' : 'denied', account?.serial ?? -1);
      },
  ),
  client.map((id): Act => () => ev.line(id, '/quit')),
  client.map((id): Act => () => ev.closed(id)),
  client.map((id): Act => () => ev.connected(id, addr(id))),
  client.map((id): Act => () => ev.opAttempt(id, 'granted')),
  fc.tuple(client, name).map(([id, n]): Act => () => ev.line(id, `/unregister ${n}`)),
);

describe('accounts', () => {
  it('a registered name is only ever held by a connection logged in as it', () => {
    fc.assert(
      fc.property(fc.array(act, { minLength: 10, maxLength: 60 }), (acts) => {
        let state = initialState;
        for (let id = 1; id <= 4; id++) state = step(state, ev.connected(id, addr(id)), 0)[0];
        for (const next of acts) {
          state = step(state, next(state), 0)[0];
          for (const user of state.users) {
            if (accountOf(state.accounts, user.name) !== undefined) expect(user.account).toBe(user.key);
          }
          const holders = state.users.map((u) => u.key);
          expect(new Set(holders).size).toBe(holders.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
