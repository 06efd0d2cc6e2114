import { describe, expect, it } from 'vitest';
import { closed, connected, line } from '../../src/room/events';
import { addrOf, fold, tagOf, testRoomConfig } from '../support/room-harness';
import { linesOf } from '../../src/room/history';

const join3 = [connected(1, addrOf(1)), connected(2, addrOf(2)), connected(3, addrOf(3))];
const [a, b, c] = [tagOf(1), tagOf(2), tagOf(3)];
const after = (...events: Parameters<typeof fold>[0]): string[] => fold([...join3, ...events]).steps.at(-1)!;

describe('rooms: /join', () => {
  it('tells the old room, then the mover, then the new room including the mover', () => {
    const { steps, state } = fold([...join3, line(3, '/join #Dev'), line(1, '/join dev')]);
    expect(steps[3]).toEqual([
      `1 <- *** ${c} left for #Dev`,
      `2 <- *** ${c} left for #Dev`,
      '3 <- --- Now in #Dev: 1 users here.',
      `3 <- *** ${c} joined`,
    ]);
    // The room keeps its creator's spelling, whatever the next one types.
    expect(steps[4]).toEqual([`2 <- *** ${a} left for #Dev`, '1 <- --- Now in #Dev: 2 users here.', `3 <- *** ${a} joined`, `1 <- *** ${a} joined`]);
    expect(state.rooms.map((r) => [r.name, r.members])).toEqual([
      ['#lobby', [2]],
      ['#Dev', [3, 1]],
    ]);
  });

  it('answers every error of /join to the asker only', () => {
    expect(after(line(1, '/join'))).toEqual(['1 <- !!! Usage: /join ROOM']);
    expect(after(line(1, '/join a b'))).toEqual(['1 <- !!! Invalid room name: 1-24 letters, digits, _ - .']);
    expect(after(line(1, '/join #'))).toEqual(['1 <- !!! Invalid room name: 1-24 letters, digits, _ - .']);
    expect(after(line(1, '/join ##x'))).toEqual(['1 <- !!! Invalid room name: 1-24 letters, digits, _ - .']);
    expect(after(line(1, `/join ${'x'.repeat(25)}`))).toEqual(['1 <- !!! Invalid room name: 1-24 letters, digits, _ - .']);
    expect(after(line(1, '/join LOBBY'))).toEqual(['1 <- --- You are already in #lobby']);
    expect(after(line(1, '/join ops'), line(1, '/join #OPS'))).toEqual(['1 <- --- You are already in #ops']);
  });

  it('scopes chat, /me, renames and leaves to the room; /msg and the welcome count reach the whole server', () => {
    const moved = [...join3, line(3, '/join dev')];
    const step = (...events: Parameters<typeof fold>[0]): string[] =>
      fold([...moved, ...events], { ...testRoomConfig, maxClients: 10 }).steps.at(-1)!;
    expect(step(line(1, 'hi'))).toEqual([`1 <- ${a}: hi`, `2 <- ${a}: hi`]);
    expect(step(line(3, '/me waves'))).toEqual([`3 <- * ${c} waves`]);
    expect(step(line(3, '/nick carol'))).toEqual([`3 <- *** ${c} is now known as carol`]);
    expect(step(line(3, '/msg 10.0.0.1:5001 psst'))).toEqual([`3 <- ${c} -> 10.0.0.1:5001: psst`, `1 <- ${c} -> 10.0.0.1:5001: psst`]);
    expect(step(closed(2))).toEqual(['close 2 (flush)', `1 <- *** ${b} left`]);
    expect(step(connected(4, addrOf(4)))).toEqual([
      `4 <- --- Welcome, ${tagOf(4)}! 4 users online. Type /help for commands.`,
      `1 <- *** ${tagOf(4)} joined`,
      `2 <- *** ${tagOf(4)} joined`,
      `4 <- *** ${tagOf(4)} joined`,
    ]);
  });

  it('keeps names unique across rooms', () => {
    expect(after(line(1, '/nick ann'), line(3, '/join dev'), line(3, '/nick ANN'))).toEqual(['3 <- !!! Name ANN is already taken']);
  });

  it('ends a room with its last member, history and all; #lobby stays', () => {
    const { state } = fold([...join3, line(3, '/join dev'), line(3, 'hello'), line(3, '/join lobby')]);
    expect(state.rooms.map((r) => r.name)).toEqual(['#lobby']);
    const again = fold([...join3, line(3, '/join dev'), line(3, 'hello'), closed(3), line(1, '/join dev')]);
    expect(again.steps.at(-1)).toEqual([`2 <- *** ${a} left for #dev`, '1 <- --- Now in #dev: 1 users here.', `1 <- *** ${a} joined`]);
    expect(fold([closed(1)]).state.rooms.map((r) => r.name)).toEqual(['#lobby']);
  });
});

describe('rooms: /rooms and /who', () => {
  it('lists #lobby first, then the rest in creation order, marking yours', () => {
    expect(after(line(2, '/join zeta'), line(3, '/join alpha'), line(3, '/rooms'))).toEqual([
      '3 <- --- 3 rooms:',
      '3 <- --- #lobby (1 users)',
      '3 <- --- #zeta (1 users)',
      '3 <- --- #alpha (1 users) (here)',
    ]);
  });

  it('lists the members of your room in the order they entered it', () => {
    expect(after(line(1, '/join dev'), line(3, '/join dev'), line(1, '/join lobby'), line(1, '/join dev'), line(3, '/who'))).toEqual([
      '3 <- --- 2 users in #dev:',
      `3 <- --- ${c} (you)`,
      `3 <- --- ${a}`,
    ]);
  });

  it('marks away, op and you, in that order', () => {
    const { steps } = fold([...join3, line(2, '/away lunch'), { type: 'opAttempt', id: 2, verdict: 'granted' }, line(2, '/who')]);
    expect(steps.at(-1)).toEqual([
      '2 <- --- 3 users in #lobby:',
      `2 <- --- ${a}`,
      `2 <- --- ${b} (away: lunch) (op) (you)`,
      `2 <- --- ${c}`,
    ]);
  });
});

describe('history', () => {
  const config = { ...testRoomConfig, history: 2 };

  it('sends a room\'s last H chat and action lines to whoever enters, between the markers', () => {
    const { steps } = fold(
      [...join3, line(1, 'one'), line(2, '/me two'), line(1, '/msg 10.0.0.2:5002 secret'), line(3, '/nick c'), line(1, 'three'), line(3, '/join dev'), line(3, '/join lobby')],
      config,
    );
    expect(steps.at(-1)).toEqual([
      `3 <- --- Now in #lobby: 3 users here.`,
      '3 <- --- Recent messages in #lobby:',
      `3 <- * ${b} two`,
      `3 <- ${a}: three`,
      '3 <- --- End of recent messages',
      `1 <- *** ${tagOf(3, 'c')} joined`,
      `2 <- *** ${tagOf(3, 'c')} joined`,
      `3 <- *** ${tagOf(3, 'c')} joined`,
    ]);
  });

  it('comes after the welcome and the message of the day on connect', () => {
    const { steps } = fold([connected(1, addrOf(1)), line(1, 'hi'), connected(2, addrOf(2))], { ...config, motd: ['Be kind.', ''] });
    expect(steps[2]).toEqual([
      `2 <- --- Welcome, ${b}! 2 users online. Type /help for commands.`,
      '2 <- --- Be kind.',
      '2 <- --- ',
      '2 <- --- Recent messages in #lobby:',
      `2 <- ${a}: hi`,
      '2 <- --- End of recent messages',
      `1 <- *** ${b} joined`,
      `2 <- *** ${b} joined`,
    ]);
  });

  it('keeps nothing with --history 0, and a new room has none', () => {
    const none = fold([connected(1, addrOf(1)), line(1, 'hi'), connected(2, addrOf(2))], { ...config, history: 0 });
    expect(none.steps[2]).toHaveLength(3);
    expect(linesOf(none.state.rooms[0]!.history)).toEqual([]);
  });
});

describe('away', () => {
  it('sets, shows to senders of /msg, and clears', () => {
    expect(after(line(2, '/away'))).toEqual(['2 <- !!! Usage: /away TEXT']);
    expect(after(line(2, '/back'))).toEqual(['2 <- !!! You are not away']);
    expect(after(line(2, '/away  gone  fishing '))).toEqual(['2 <- --- You are away: gone  fishing']);
    expect(after(line(2, '/nick bob'), line(2, '/away lunch'), line(1, '/msg BOB hi'))).toEqual([
      `1 <- ${a} -> bob: hi`,
      `2 <- ${a} -> bob: hi`,
      '1 <- --- bob is away: lunch',
    ]);
    expect(after(line(2, '/away lunch'), line(2, '/back'))).toEqual(['2 <- --- You are back']);
    expect(after(line(2, '/away lunch'), line(2, '/back'), line(1, `/msg ${addrOf(2)} hi`))).toHaveLength(2);
  });
});
