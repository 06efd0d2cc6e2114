import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { nameKey } from '../../src/protocol/names';
import { parse } from '../../src/protocol/parse';
import * as ev from '../../src/room/events';
import { RoomEvent } from '../../src/room/events';
import { reducer, RoomConfig } from '../../src/room/reducer';
import { emptyRoom, memberById, RoomState } from '../../src/room/state';

const config: RoomConfig = { messages: en, maxClients: 5, maxLine: 4096, idleTimeout: 600, rate: 10 };
const step = reducer(config);
const addr = (id: number): string => `10.0.0.${id}:${1000 + id}`;

const name = fc.constantFrom('alice', 'Alice', 'ALICE', 'ａｌｉｃｅ', 'bob', 'b0b', 'carol', 'x', 'é', 'e\u0301', 'bad name', '');
const text = fc.oneof(
  name.map((n) => `/nick ${n}`),
  name.map((n) => `rename|${n}`),
  name.map((n) => `/msg ${n} hi`),
  fc.integer({ min: 1, max: 8 }).map((id) => `/msg ${addr(id)} hi`),
  fc.constantFrom('who online', '/who', 'exit', 'quit', '/quit bye', 'hello', '/me waves', '/help', '/zap', '  ', '//x'),
  fc.string({ maxLength: 12 }),
);
const id = fc.integer({ min: 1, max: 8 });
const event: fc.Arbitrary<RoomEvent> = fc.oneof(
  { weight: 3, arbitrary: id.map((i) => ev.connected(i, addr(i))) },
  { weight: 6, arbitrary: fc.tuple(id, text).map(([i, t]) => ev.line(i, t)) },
  { weight: 1, arbitrary: id.map(ev.overlong) },
  { weight: 1, arbitrary: id.map(ev.closed) },
  { weight: 1, arbitrary: id.map(ev.idle) },
  { weight: 1, arbitrary: id.map(ev.tooSlow) },
);

describe('reducer invariants over any event sequence', () => {
  it('keeps names unique, the who list exact, broadcasts addressed to members only', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80, size: 'max' }), (events) => {
        let state: RoomState = emptyRoom;
        // The model: who has joined and not left, in join order.
        let model: number[] = [];
        for (const e of events) {
          const wasMember = e.type !== 'shutdown' && memberById(state, e.id) !== undefined;
          const [next, effects] = step(state, e);
          if (e.type === 'connected' && !wasMember && model.length < config.maxClients) model = [...model, e.id];
          const leaves =
            e.type === 'closed' || e.type === 'idle' || e.type === 'tooSlow' || (e.type === 'line' && parse(e.text).type === 'quit');
          if (wasMember && leaves) model = model.filter((m) => m !== e.id);

          expect(next.order).toEqual(model);
          expect(next.members.map((m) => m.id)).toEqual(model);
          const keys = next.members.map((m) => nameKey(m.name));
          expect(new Set(keys).size).toBe(keys.length);
          expect(next.order.length).toBeLessThanOrEqual(config.maxClients);

          if (!wasMember && e.type !== 'connected') expect(effects).toEqual([]);
          for (const effect of effects) {
            if (effect.type !== 'broadcast') continue;
            expect(effect.to).toEqual(next.order);
            for (const to of effect.to) if (to !== effect.except) expect(memberById(next, to)).toBeDefined();
          }
          const lines = effects.flatMap((x) => (x.type === 'send' ? [x.line] : []));
          const header = lines.findIndex((l) => /^--- \d+ users online:$/.test(l));
          if (header >= 0 && e.type === 'line') {
            const listed = lines.slice(header + 1, header + 1 + next.order.length);
            expect(lines[header]).toBe(`--- ${next.order.length} users online:`);
            expect(listed).toEqual(
              next.order.map((m) => {
                const member = memberById(next, m)!;
                return `--- [${member.addr}]${member.name}${m === e.id ? ' (you)' : ''}`;
              }),
            );
          }
          state = next;
        }
      }),
      { numRuns: 400 },
    );
  });
});
