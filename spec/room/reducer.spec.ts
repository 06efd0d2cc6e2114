import { describe, expect, it } from 'vitest';
import { zh } from '../../src/i18n/zh';
import { closed, connected, idle, line, overlong, shutdown, tooSlow } from '../../src/room/events';
import { addrOf, fold, tagOf, testRoomConfig } from '../support/room-harness';

const join3 = [connected(1, addrOf(1)), connected(2, addrOf(2)), connected(3, addrOf(3))];
const a = tagOf(1);
const b = tagOf(2);
const c = tagOf(3);

/** The effects of the last event after the three joins. */
const after = (...events: Parameters<typeof fold>[0]): string[] => fold([...join3, ...events]).steps.at(-1)!;

describe('reducer: connect', () => {
  it('welcomes the new client with the count, then tells everyone including it', () => {
    const { steps } = fold(join3);
    expect(steps[0]).toEqual([`1 <- --- Welcome, ${a}! 1 users online. Type /help for commands.`, `1 <- *** ${a} joined`]);
    expect(steps[2]).toEqual([
      `3 <- --- Welcome, ${c}! 3 users online. Type /help for commands.`,
      `1 <- *** ${c} joined`,
      `2 <- *** ${c} joined`,
      `3 <- *** ${c} joined`,
    ]);
  });

  it('refuses connection M+1 and nobody else hears of it', () => {
    const { state, steps } = fold([...join3, connected(4, addrOf(4))]);
    expect(steps[3]).toEqual(['4 <- !!! Server full (3 users); try again later', 'close 4 (flush)']);
    expect(state.ids).toEqual([1, 2, 3]);
  });

  it('ignores every event of a refused or departed client', () => {
    const { steps } = fold([...join3, connected(4, addrOf(4)), line(4, 'hi'), closed(4), line(9, 'x'), idle(9)]);
    expect(steps.slice(4)).toEqual([[], [], [], []]);
  });
});

describe('reducer: chat', () => {
  it('broadcasts a chat line to everyone, the sender included, trimmed and sanitised', () => {
    expect(after(line(2, '  hello \x1b[31mworld\x1b[0m  '))).toEqual([
      `1 <- ${b}: hello world`,
      `2 <- ${b}: hello world`,
      `3 <- ${b}: hello world`,
    ]);
  });

  it('ignores blank lines', () => {
    expect(after(line(1, '   '))).toEqual([]);
    expect(after(line(1, '\x1b[0m\t'))).toEqual([]);
  });

  it('treats renamexyz and exit now as chat', () => {
    expect(after(line(1, 'renamexyz'))).toEqual([`1 <- ${a}: renamexyz`, `2 <- ${a}: renamexyz`, `3 <- ${a}: renamexyz`]);
    expect(after(line(1, 'exit now'))[0]).toBe(`1 <- ${a}: exit now`);
  });

  it('sends //text as chat /text', () => {
    expect(after(line(1, '//who'))[0]).toBe(`1 <- ${a}: /who`);
  });

  it('sends /me as an action to everyone', () => {
    expect(after(line(3, '/me waves'))).toEqual([`1 <- * ${c} waves`, `2 <- * ${c} waves`, `3 <- * ${c} waves`]);
    expect(after(line(3, '/me'))).toEqual(['3 <- !!! Usage: /me TEXT']);
  });

  it('answers an over-long line with one error to the sender', () => {
    expect(after(overlong(2))).toEqual(['2 <- !!! Line too long (max 4096 bytes); discarded']);
  });

  it('answers unknown slash commands', () => {
    expect(after(line(2, '/dance'))).toEqual(['2 <- !!! Unknown command /dance; type /help']);
  });

  it('lists every command in /help, to the asker only', () => {
    const lines = after(line(2, '/help'));
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.every((l) => l.startsWith('2 <- --- '))).toBe(true);
    for (const word of ['/who', 'who online', '/nick', 'rename|', '/me', '/msg', '/quit', 'exit', 'quit', '/help', '//']) {
      expect(lines.join('\n')).toContain(word);
    }
  });
});

describe('reducer: private messages', () => {
  it('delivers to sender and recipient only, with the recipient current name', () => {
    const steps = fold([...join3, line(2, 'rename|bob'), line(1, '/msg BOB psst')]).steps;
    const bob = tagOf(2, 'bob');
    expect(steps.at(-1)).toEqual([`1 <- ${a} -> bob: psst`, `2 <- ${a} -> bob: psst`]);
    expect(steps.at(-2)).toContain(`1 <- *** ${b} is now known as bob`);
    expect(bob).toBe(`[${addrOf(2)}]bob`);
  });

  it('finds a member by addr too', () => {
    expect(after(line(1, `/msg ${addrOf(3)} hi`))).toEqual([`1 <- ${a} -> ${addrOf(3)}: hi`, `3 <- ${a} -> ${addrOf(3)}: hi`]);
  });

  it('delivers a message to oneself once', () => {
    expect(after(line(1, `/msg ${addrOf(1)} note`))).toEqual([`1 <- ${a} -> ${addrOf(1)}: note`]);
  });

  it('reports unknown users and usage', () => {
    expect(after(line(1, '/msg nobody hi'))).toEqual(['1 <- !!! No such user: nobody']);
    expect(after(line(1, '/msg nobody'))).toEqual(['1 <- !!! Usage: /msg NAME TEXT']);
  });
});

describe('reducer: who', () => {
  it('lists members in join order, marking the asker', () => {
    expect(after(line(2, 'who online'))).toEqual([
      '2 <- --- 3 users in #lobby:',
      `2 <- --- ${a}`,
      `2 <- --- ${b} (you)`,
      `2 <- --- ${c}`,
    ]);
  });

  it('keeps join order across renames and leaves', () => {
    const { steps } = fold([...join3, line(1, '/nick zed'), closed(2), connected(4, addrOf(4)), line(4, '/who')]);
    expect(steps.at(-1)).toEqual([
      '4 <- --- 3 users in #lobby:',
      `4 <- --- ${tagOf(1, 'zed')}`,
      `4 <- --- ${c}`,
      `4 <- --- ${tagOf(4)} (you)`,
    ]);
  });
});

describe('reducer: rename', () => {
  it('announces a rename to everyone', () => {
    expect(after(line(1, 'rename|alice'))).toEqual([
      `1 <- *** ${a} is now known as alice`,
      `2 <- *** ${a} is now known as alice`,
      `3 <- *** ${a} is now known as alice`,
    ]);
  });

  it('rejects a name taken under NFKC and lower-case', () => {
    const steps = fold([...join3, line(1, '/nick Alice'), line(2, 'rename|ALICE'), line(3, '/nick ａｌｉｃｅ')]).steps;
    expect(steps.at(-2)).toEqual(['2 <- !!! Name ALICE is already taken']);
    expect(steps.at(-1)).toEqual(['3 <- !!! Name alice is already taken']);
  });

  it('frees a name when its holder leaves or renames', () => {
    const steps = fold([...join3, line(1, '/nick alice'), line(1, '/nick alicia'), line(2, '/nick alice')]).steps;
    expect(steps.at(-1)?.[0]).toBe(`1 <- *** ${b} is now known as alice`);
    const left = fold([...join3, line(1, '/nick alice'), closed(1), line(2, '/nick alice')]).steps;
    expect(left.at(-1)?.[0]).toBe(`2 <- *** ${b} is now known as alice`);
  });

  it('says so when the name is exactly the current one, and allows a case variant', () => {
    const steps = fold([...join3, line(1, '/nick alice'), line(1, '/nick alice'), line(1, '/nick Alice')]).steps;
    expect(steps.at(-2)).toEqual(['1 <- --- You are already alice']);
    expect(steps.at(-1)?.[0]).toBe(`1 <- *** ${tagOf(1, 'alice')} is now known as Alice`);
  });

  it('reports usage and invalid names', () => {
    expect(after(line(1, 'rename|'))).toEqual(['1 <- !!! Usage: /nick NAME']);
    expect(after(line(1, '/nick'))).toEqual(['1 <- !!! Usage: /nick NAME']);
    expect(after(line(1, '/nick bad name'))).toEqual(['1 <- !!! Invalid name: 1-24 letters, digits, _ - .']);
    expect(after(line(1, `/nick ${addrOf(2)}`))).toEqual(['1 <- !!! Invalid name: 1-24 letters, digits, _ - .']);
  });
});

describe('reducer: leaving', () => {
  it('quit: bye and close for the quitter, left for the others', () => {
    expect(after(line(2, 'exit'))).toEqual(['2 <- --- Bye!', 'close 2 (flush)', `1 <- *** ${b} left`, `3 <- *** ${b} left`]);
    expect(after(line(2, '/quit see you'))).toEqual([
      '2 <- --- Bye!',
      'close 2 (flush)',
      `1 <- *** ${b} left (see you)`,
      `3 <- *** ${b} left (see you)`,
    ]);
  });

  it('disconnect: left for the others, no bye', () => {
    expect(after(closed(1))).toEqual(['close 1 (flush)', `2 <- *** ${a} left`, `3 <- *** ${a} left`]);
  });

  it('idle: a notice for the idler, timed out for the others', () => {
    expect(after(idle(3))).toEqual([
      '3 <- !!! Idle for more than 600 s; disconnecting',
      'close 3 (flush)',
      `1 <- *** ${c} timed out`,
      `2 <- *** ${c} timed out`,
    ]);
  });

  it('too slow: dropped at once, the others hear of it', () => {
    expect(after(tooSlow(1))).toEqual(['close 1 (drop)', `2 <- *** ${a} was disconnected (too slow)`, `3 <- *** ${a} was disconnected (too slow)`]);
  });

  it('a departed member produces nothing more', () => {
    const { steps, state } = fold([...join3, line(2, 'quit'), closed(2), idle(2), line(2, 'hi')]);
    expect(steps.slice(-3)).toEqual([[], [], []]);
    expect(state.ids).toEqual([1, 3]);
  });

  it('shutdown: everyone is told and closed with a flush', () => {
    expect(after(shutdown)).toEqual([
      '1 <- *** Server is shutting down',
      '2 <- *** Server is shutting down',
      '3 <- *** Server is shutting down',
      'close 1 (flush)',
      'close 2 (flush)',
      'close 3 (flush)',
    ]);
  });
});

describe('reducer: zh', () => {
  it('uses the original words with the same forms', () => {
    const zhConfig = { ...testRoomConfig, messages: zh };
    const { steps } = fold([...join3, line(1, 'who online'), closed(2), idle(3)], zhConfig);
    expect(steps[0]?.[1]).toBe(`1 <- *** ${a} 上线了`);
    expect(steps[3]?.[0]).toBe('1 <- --- 用户在线列表为（#lobby，3 人）:');
    expect(steps[4]?.[1]).toBe(`1 <- *** ${b} 下线了`);
    expect(steps[5]?.at(-1)).toBe(`1 <- *** ${c} 超时退出`);
  });
});
