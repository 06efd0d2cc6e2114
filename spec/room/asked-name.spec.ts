import { describe, expect, it } from 'vitest';
import { connected, line } from '../../src/room/events';
import { addrOf, fold, tagOf } from '../support/room-harness';

/** A name asked for on connecting (an SSH login's user name) is judged as /nick judges one. */
describe('reducer: a name asked for on connecting', () => {
  it('names the member from its first line on, welcome and join notice included', () => {
    const { steps } = fold([connected(1, addrOf(1)), connected(2, addrOf(2), undefined, 'alice'), line(2, 'who online')]);
    expect(steps[1]).toEqual([
      `2 <- --- Welcome, [${addrOf(2)}]alice! 2 users online. Type /help for commands.`,
      `1 <- *** [${addrOf(2)}]alice joined`,
      `2 <- *** [${addrOf(2)}]alice joined`,
    ]);
    expect(steps[2]).toEqual([`2 <- --- 2 users in #lobby:`, `2 <- --- ${tagOf(1)}`, `2 <- --- [${addrOf(2)}]alice (you)`]);
  });

  it('NFKC-normalises it, as /nick does', () => {
    const { steps } = fold([connected(1, addrOf(1), undefined, ' ａｌｉｃｅ ')]);
    expect(steps[0]![0]).toBe(`1 <- --- Welcome, [${addrOf(1)}]alice! 1 users online. Type /help for commands.`);
  });

  it('keeps the addr when the name is taken (in any case), and says so right after the welcome', () => {
    const { steps } = fold([connected(1, addrOf(1), undefined, 'alice'), connected(2, addrOf(2), undefined, 'ALICE')]);
    expect(steps[1]).toEqual([
      `2 <- --- Welcome, ${tagOf(2)}! 2 users online. Type /help for commands.`,
      '2 <- !!! Name ALICE is already taken',
      `1 <- *** ${tagOf(2)} joined`,
      `2 <- *** ${tagOf(2)} joined`,
    ]);
  });

  it('keeps the addr when the name is not a valid name', () => {
    const { steps } = fold([connected(1, addrOf(1), undefined, 'john@example.org')]);
    expect(steps[0]).toEqual([
      `1 <- --- Welcome, ${tagOf(1)}! 1 users online. Type /help for commands.`,
      '1 <- !!! Invalid name: 1-24 letters, digits, _ - .',
      `1 <- *** ${tagOf(1)} joined`,
    ]);
  });

  it('is free again once its holder has renamed', () => {
    const { steps } = fold([connected(1, addrOf(1), undefined, 'alice'), line(1, '/nick bob'), connected(2, addrOf(2), undefined, 'alice')]);
    expect(steps[2]![0]).toBe(`2 <- --- Welcome, [${addrOf(2)}]alice! 2 users online. Type /help for commands.`);
  });
});
