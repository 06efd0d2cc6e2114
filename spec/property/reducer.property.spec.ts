import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { nameKey } from '../../src/protocol/names';
import * as ev from '../../src/room/events';
import { RoomEvent } from '../../src/room/events';
import { reducer, RoomConfig } from '../../src/room/reducer';
import { ChatState, initialState, userById } from '../../src/room/state';
import { historyLength } from '../../src/room/history';

const config: RoomConfig = { messages: en, maxClients: 6, maxLine: 4096, idleTimeout: 600, rate: 10, history: 3, motd: [] };
const step = reducer(config);
/** Two clients share each IP, so bans catch more than one. */
const addr = (id: number): string => `10.0.0.${id % 4}:${1000 + id}`;

const name = fc.constantFrom('alice', 'Alice', 'ALICE', 'ａｌｉｃｅ', 'bob', 'b0b', 'carol', 'x', 'é', 'e\u0301', 'bad name', '');
const room = fc.constantFrom('dev', '#Dev', '#DEV', 'lobby', '#lobby', 'ops', '#', 'a b', '#ｏｐｓ');
const text = fc.oneof(
  name.map((n) => `/nick ${n}`),
  name.map((n) => `rename|${n}`),
  name.map((n) => `/msg ${n} hi`),
  fc.integer({ min: 1, max: 8 }).map((id) => `/msg ${addr(id)} hi`),
  room.map((r) => `/join ${r}`),
  fc.tuple(fc.constantFrom('/kick', '/mute', '/unmute', '/ban'), name).map(([c, n]) => `${c} ${n}`),
  fc.integer({ min: 0, max: 4 }).map((ip) => `/ban 10.0.0.${ip} 1`),
  fc.integer({ min: 0, max: 4 }).map((ip) => `/unban 10.0.0.${ip}`),
  fc.constantFrom('who online', '/who', '/rooms', 'exit', '/quit bye', 'hello', '/me waves', '/away lunch', '/back', '/zap', '  '),
  fc.string({ maxLength: 12 }),
);
const id = fc.integer({ min: 1, max: 8 });
const event: fc.Arbitrary<RoomEvent> = fc.oneof(
  { weight: 3, arbitrary: id.map((i) => ev.connected(i, addr(i))) },
  { weight: 8, arbitrary: fc.tuple(id, text).map(([i, t]) => ev.line(i, t)) },
  { weight: 2, arbitrary: fc.tuple(id, fc.constantFrom('granted', 'denied', 'none') as fc.Arbitrary<ev.OpVerdict>).map(([i, v]) => ev.opAttempt(i, v)) },
  { weight: 1, arbitrary: id.map(ev.overlong) },
  { weight: 1, arbitrary: id.map(ev.closed) },
  { weight: 1, arbitrary: id.map(ev.idle) },
  { weight: 1, arbitrary: id.map(ev.tooSlow) },
);
/** Each event comes some time after the one before: up to two minutes, so mutes and bans expire. */
const timed = fc.tuple(event, fc.integer({ min: 0, max: 120_000 }));

const invariants = (state: ChatState): void => {
  expect(state.users.map((u) => u.id)).toEqual(state.ids);
  // Every user is in exactly one room, the one it says.
  const placed = state.rooms.flatMap((r) => r.members.map((m) => [m, r.key] as const));
  expect(placed.map(([m]) => m).sort()).toEqual([...state.ids].sort());
  for (const [m, key] of placed) expect(userById(state, m)!.room).toBe(key);
  // Names unique under the comparison; #lobby first and always there; no empty room besides it.
  const keys = state.users.map((u) => nameKey(u.name));
  expect(new Set(keys).size).toBe(keys.length);
  expect(state.rooms[0]!.name).toBe('#lobby');
  for (const r of state.rooms.slice(1)) expect(r.members.length).toBeGreaterThan(0);
  expect(new Set(state.rooms.map((r) => r.key)).size).toBe(state.rooms.length);
  for (const r of state.rooms) expect(historyLength(r.history)).toBeLessThanOrEqual(config.history);
  expect(state.users.length).toBeLessThanOrEqual(config.maxClients);
};

describe('reducer invariants over any event sequence', () => {
  it('one room per user, unique names, broadcasts to one room, bounded history and bans, exact who lists', () => {
    fc.assert(
      fc.property(fc.array(timed, { maxLength: 100, size: 'max' }), (events) => {
        let state: ChatState = initialState;
        let at = 0;
        for (const [e, gap] of events) {
          at += gap;
          const wasUser = 'id' in e && userById(state, e.id) !== undefined;
          const [next, effects] = step(state, e, at);
          invariants(next);
          if (!wasUser && e.type !== 'connected') expect(effects).toEqual([]);
          for (const effect of effects) {
            if (effect.type !== 'broadcast') continue;
            // Every recipient is or was a user, and those still here share one room.
            for (const to of effect.to) expect(userById(next, to) ?? userById(state, to)).toBeDefined();
            const rooms = new Set(effect.to.flatMap((to) => userById(next, to)?.room ?? []));
            expect(rooms.size).toBeLessThanOrEqual(1);
          }
          // Bans only in force are kept, once touched; never more than one per address.
          const banned = next.bans.map((b) => b.ip);
          expect(new Set(banned).size).toBe(banned.length);
          const lines = effects.flatMap((x) => (x.type === 'send' ? [x.line] : []));
          const header = lines.findIndex((l) => /^--- \d+ users in #/.test(l));
          if (header >= 0 && e.type === 'line') {
            const asker = userById(next, e.id)!;
            const here = next.rooms.find((r) => r.key === asker.room)!;
            expect(lines[header]).toBe(`--- ${here.members.length} users in ${here.name}:`);
            expect(lines.slice(header + 1).map((l) => l.replace(/ \(.*$/, ''))).toEqual(
              here.members.map((m) => `--- [${userById(next, m)!.addr}]${userById(next, m)!.name}`),
            );
          }
          state = next;
        }
      }),
      { numRuns: 400 },
    );
  });
});
