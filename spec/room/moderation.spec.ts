import { describe, expect, it } from 'vitest';
import { connected, line, opAttempt } from '../../src/room/events';
import { addrOf, at, fold, testRoomConfig } from '../support/room-harness';

const config = { ...testRoomConfig, maxClients: 10 };
/** 1 and 2 share an IP, 3 has its own; 1 becomes an operator. */
const ip = (id: number): string => (id === 3 ? '10.0.0.3' : '10.0.0.1');
const addr = (id: number): string => `${ip(id)}:500${id}`;
const tag = (id: number, name = addr(id)): string => `[${addr(id)}]${name}`;
const start = [connected(1, addr(1)), connected(2, addr(2)), connected(3, addr(3)), opAttempt(1, 'granted')];
const run = (...events: Parameters<typeof fold>[0]) => fold([...start, ...events], config);
const last = (...events: Parameters<typeof fold>[0]): string[] => run(...events).steps.at(-1)!;
const MIN = 60_000;

describe('/op', () => {
  it('grants quietly, refuses wrong passwords, disconnects on the third', () => {
    expect(fold([connected(2, addrOf(2)), opAttempt(2, 'granted')]).steps[1]).toEqual(['2 <- --- You are now an operator']);
    expect(last(opAttempt(3, 'denied'))).toEqual(['3 <- !!! Wrong password']);
    expect(last(opAttempt(3, 'none'))).toEqual(['3 <- !!! No operators on this server']);
    const { steps, state } = run(opAttempt(3, 'denied'), opAttempt(3, 'denied'), opAttempt(3, 'denied'));
    expect(steps.at(-1)).toEqual([
      '3 <- !!! Too many wrong passwords; disconnecting',
      'close 3 (flush)',
      `1 <- *** ${tag(3)} left`,
      `2 <- *** ${tag(3)} left`,
    ]);
    expect(state.ids).toEqual([1, 2]);
  });

  it('treats an unchecked /op line as a wrong password and /op alone as a usage error', () => {
    expect(last(line(3, '/op hunter2'))).toEqual(['3 <- !!! Wrong password']);
    expect(last(line(3, '/op'))).toEqual(['3 <- !!! Usage: /op PASSWORD']);
  });

  it('refuses every operator command to anyone else', () => {
    for (const cmd of ['/kick 1', '/ban x', '/unban 1.2.3.4', '/mute x', '/unmute x']) {
      expect(last(line(3, cmd))).toEqual(['3 <- !!! Not an operator']);
    }
  });
});

describe('/kick', () => {
  it('tells the target who, closes it, and tells the rest of its room, with or without a reason', () => {
    expect(last(line(1, `/kick ${addr(3)} spamming  links`))).toEqual([
      `3 <- !!! Kicked by ${tag(1)}: spamming  links`,
      'close 3 (flush)',
      `1 <- *** ${tag(3)} was kicked by ${tag(1)} (spamming  links)`,
      `2 <- *** ${tag(3)} was kicked by ${tag(1)} (spamming  links)`,
    ]);
    expect(last(line(3, '/nick troll'), line(3, '/join dev'), line(1, '/kick TROLL'))).toEqual([
      `3 <- !!! Kicked by ${tag(1)}`,
      'close 3 (flush)',
    ]);
    expect(last(line(1, '/kick nobody'))).toEqual(['1 <- !!! No such user: nobody']);
    expect(last(line(1, '/kick'))).toEqual(['1 <- !!! Usage: /kick NAME [REASON]']);
  });
});

describe('/ban and /unban', () => {
  it('bans the IP, closes every non-operator connection from it, and answers the operator last', () => {
    const { steps, state } = run(at(1000, line(1, `/ban ${addr(2)} 5`)));
    expect(steps.at(-1)).toEqual([
      `2 <- !!! Banned by ${tag(1)}`,
      'close 2 (flush)',
      `1 <- *** ${tag(2)} was banned by ${tag(1)}`,
      `3 <- *** ${tag(2)} was banned by ${tag(1)}`,
      '1 <- --- Banned 10.0.0.1 for 5 minutes',
    ]);
    expect(state.bans).toEqual([{ ip: '10.0.0.1', until: 1000 + 5 * MIN }]);
    expect(state.ids).toEqual([1, 3]);
  });

  it('bans a typed IP for 60 minutes by default; refuses new connections from it until then', () => {
    const banned = [at(0, line(1, '/ban 10.0.0.9')), at(60 * MIN - 1, connected(9, '10.0.0.9:6000'))];
    expect(run(...banned).steps.at(-2)).toEqual(['1 <- --- Banned 10.0.0.9 for 60 minutes']);
    expect(run(...banned).steps.at(-1)).toEqual(['9 <- !!! You are banned from this server', 'close 9 (flush)']);
    expect(run(at(0, line(1, '/ban 10.0.0.9')), at(60 * MIN, connected(9, '10.0.0.9:6000'))).steps.at(-1)![0]).toMatch(/^9 <- --- Welcome/);
  });

  it('answers usage and lookup errors', () => {
    expect(last(line(1, '/ban'))).toEqual(['1 <- !!! Usage: /ban NAME|IP [MINUTES]']);
    expect(last(line(1, '/ban x 0'))).toEqual(['1 <- !!! Usage: /ban NAME|IP [MINUTES]']);
    expect(last(line(1, '/ban x 1.5'))).toEqual(['1 <- !!! Usage: /ban NAME|IP [MINUTES]']);
    expect(last(line(1, '/ban nobody'))).toEqual(['1 <- !!! No such user: nobody']);
    expect(last(line(1, '/unban'))).toEqual(['1 <- !!! Usage: /unban IP']);
    expect(last(line(1, '/unban 10.0.0.7'))).toEqual(['1 <- !!! 10.0.0.7 is not banned']);
  });

  it('lifts a ban, and forgets expired ones', () => {
    expect(last(at(0, line(1, '/ban 10.0.0.9 2')), at(MIN, line(1, '/unban 10.0.0.9')))).toEqual(['1 <- --- Unbanned 10.0.0.9']);
    const expired = run(at(0, line(1, '/ban 10.0.0.9 2')), at(2 * MIN, line(1, '/unban 10.0.0.9')));
    expect(expired.steps.at(-1)).toEqual(['1 <- !!! 10.0.0.9 is not banned']);
    expect(expired.state.bans).toEqual([]);
  });
});

describe('/mute and /unmute', () => {
  it('refuses a muted user\'s chat, /me and /msg until the time passes, in the target\'s room', () => {
    const muted = [at(0, line(1, `/mute ${addr(3)} 2`))];
    expect(run(...muted).steps.at(-1)).toEqual([
      `1 <- *** ${tag(3)} was muted by ${tag(1)}`,
      `2 <- *** ${tag(3)} was muted by ${tag(1)}`,
      `3 <- *** ${tag(3)} was muted by ${tag(1)}`,
    ]);
    for (const text of ['hi', '/me waves', `/msg ${addr(1)} hi`]) {
      expect(last(...muted, at(2 * MIN - 1, line(3, text)))).toEqual(['3 <- !!! You are muted']);
    }
    expect(last(...muted, at(2 * MIN, line(3, 'hi')))).toHaveLength(3);
    expect(last(...muted, at(MIN, line(3, '/nick quiet')))).toHaveLength(3);
  });

  it('mutes for 10 minutes by default and /unmute ends it', () => {
    const muted = [at(0, line(1, `/mute ${addr(3)}`))];
    expect(last(...muted, at(10 * MIN - 1, line(3, 'hi')))).toEqual(['3 <- !!! You are muted']);
    expect(last(...muted, at(MIN, line(1, `/unmute ${addr(3)}`)))).toEqual([
      `1 <- *** ${tag(3)} was unmuted by ${tag(1)}`,
      `2 <- *** ${tag(3)} was unmuted by ${tag(1)}`,
      `3 <- *** ${tag(3)} was unmuted by ${tag(1)}`,
    ]);
    expect(last(...muted, at(MIN, line(1, `/unmute ${addr(3)}`)), at(MIN, line(3, 'hi')))).toHaveLength(3);
    expect(last(line(1, `/unmute ${addr(3)}`))).toEqual([`1 <- !!! ${addr(3)} is not muted`]);
    expect(last(line(1, '/mute'))).toEqual(['1 <- !!! Usage: /mute NAME [MINUTES]']);
    expect(last(line(1, '/unmute'))).toEqual(['1 <- !!! Usage: /unmute NAME']);
  });
});

describe('log entries', () => {
  it('name who did what to whom, and never chat text or a reason typed by a user', () => {
    const logs = (...events: Parameters<typeof fold>[0]) => run(...events).logs.at(-1);
    expect(logs(line(1, `/kick ${addr(3)} secret reason`))).toEqual([
      { event: 'leave', addr: addr(3), name: addr(3), room: '#lobby', reason: 'kicked' },
      { event: 'kick', by: tag(1), addr: addr(3), name: addr(3) },
    ]);
    expect(logs(line(2, '/nick bob'))).toEqual([{ event: 'rename', addr: addr(2), from: addr(2), to: 'bob' }]);
    expect(logs(line(1, '/ban 10.0.0.9 3'))).toEqual([{ event: 'ban', by: tag(1), ip: '10.0.0.9', minutes: 3 }]);
    expect(logs(opAttempt(3, 'denied'))).toEqual([{ event: 'opFailed', addr: addr(3), name: addr(3), tries: 1 }]);
    expect(logs(line(2, 'hello there'))).toEqual([]);
    expect(logs(line(2, '/msg 10.0.0.3:5003 psst'))).toEqual([]);
  });
});
