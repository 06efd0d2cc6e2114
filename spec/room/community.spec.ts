import { describe, expect, it } from 'vitest';
import { zh } from '../../src/i18n/zh';
import { accountOf } from '../../src/room/accounts-state';
import { connected, line, loginAttempt, opAttempt, registerAttempt, RoomEvent, whoisAsked } from '../../src/room/events';
import { ChatState } from '../../src/room/state';
import { addrOf, fold, tagOf, testRoomConfig } from '../support/room-harness';

const config = { ...testRoomConfig, maxClients: 10 };
const zhConfig = { ...config, messages: zh };
const pw = { kind: 'password', hash: 'h' } as const;
/** 1 alice and 2 bob are registered and logged in; 3 carol is not; 4 keeps its addr. */
const start: RoomEvent[] = [
  connected(1, addrOf(1)),
  connected(2, addrOf(2)),
  connected(3, addrOf(3)),
  connected(4, addrOf(4)),
  line(1, '/nick alice'),
  registerAttempt(1, pw),
  line(2, '/nick bob'),
  registerAttempt(2, pw),
  line(3, '/nick carol'),
];
const run = (events: readonly RoomEvent[], cfg = config) => fold([...start, ...events], cfg);
const last = (events: readonly RoomEvent[], cfg = config): string[] => run(events, cfg).steps.at(-1)!;
const serial = (state: ChatState, name: string): number => accountOf(state.accounts, name)!.serial;
const A = tagOf(1, 'alice');
const B = tagOf(2, 'bob');
const C = tagOf(3, 'carol');

describe('/ignore', () => {
  it('stops the ignorer hearing chat, actions and private messages; nobody else is affected and the sender is not told', () => {
    expect(last([line(1, '/ignore bob')])).toEqual(['1 <- --- Ignoring bob']);
    expect(last([line(1, '/ignore bob'), line(2, 'hello')])).toEqual([`2 <- ${B}: hello`, `3 <- ${B}: hello`, `4 <- ${B}: hello`]);
    expect(last([line(1, '/ignore bob'), line(2, '/me waves')])).toEqual([`2 <- * ${B} waves`, `3 <- * ${B} waves`, `4 <- * ${B} waves`]);
    expect(last([line(1, '/ignore bob'), line(2, '/msg alice psst')])).toEqual([`2 <- ${B} -> alice: psst`]);
    expect(last([line(1, '/ignore bob'), line(1, 'hi')])).toEqual([`1 <- ${A}: hi`, `2 <- ${A}: hi`, `3 <- ${A}: hi`, `4 <- ${A}: hi`]);
  });

  it('refuses: no such user, yourself, already ignoring; a usage error', () => {
    expect(last([line(1, '/ignore nobody')])).toEqual(['1 <- !!! No such user: nobody']);
    expect(last([line(1, '/ignore ALICE')])).toEqual(['1 <- !!! You cannot ignore yourself']);
    expect(last([line(1, '/ignore bob'), line(1, '/ignore BOB')])).toEqual(['1 <- --- You are already ignoring bob']);
    expect(last([line(1, '/ignore a b')])).toEqual(['1 <- !!! Usage: /ignore [NAME]']);
  });

  it('lists the names as shown now, in the order ignored', () => {
    expect(last([line(1, '/ignore')])).toEqual(['1 <- --- Ignoring nobody']);
    expect(last([line(1, '/ignore carol'), line(1, `/ignore ${addrOf(4)}`), line(1, '/ignore bob'), line(3, '/nick carla'), line(1, '/ignore')])).toEqual([
      `1 <- --- Ignoring: carla, ${addrOf(4)}, bob`,
    ]);
  });

  it('follows an account across its reconnects, and a connection only while it lasts', () => {
    const { state } = run([line(1, '/ignore bob'), line(1, '/ignore carol'), line(2, '/quit'), line(3, '/quit')]);
    expect(last([line(1, '/ignore bob'), line(1, '/ignore carol'), line(2, '/quit'), line(3, '/quit'), line(1, '/ignore')])).toEqual([
      '1 <- --- Ignoring: bob',
    ]);
    const back = [connected(5, addrOf(5)), loginAttempt(5, 'bob', 'granted', serial(state, 'bob')), line(5, 'I am back')];
    expect(last([line(1, '/ignore bob'), line(2, '/quit'), ...back])).toEqual([
      `3 <- ${tagOf(5, 'bob')}: I am back`,
      `4 <- ${tagOf(5, 'bob')}: I am back`,
      `5 <- ${tagOf(5, 'bob')}: I am back`,
    ]);
  });

  it('is kept with the ignorer\'s account: a new login brings it back', () => {
    const { state } = run([line(1, '/ignore bob'), line(1, '/quit')]);
    const back = [connected(5, addrOf(5)), loginAttempt(5, 'alice', 'granted', serial(state, 'alice')), line(2, 'hello again')];
    expect(last([line(1, '/ignore bob'), line(1, '/quit'), ...back])).toEqual([`2 <- ${B}: hello again`, `3 <- ${B}: hello again`, `4 <- ${B}: hello again`]);
  });

  it('says so in Chinese', () => {
    expect(last([line(1, '/ignore bob')], zhConfig)).toEqual(['1 <- --- 已屏蔽 bob']);
    expect(last([line(1, '/ignore alice')], zhConfig)).toEqual(['1 <- !!! 你不能屏蔽自己']);
    expect(last([line(1, '/ignore bob'), line(1, '/ignore bob')], zhConfig)).toEqual(['1 <- --- 你已经屏蔽了 bob']);
    expect(last([line(1, '/ignore')], zhConfig)).toEqual(['1 <- --- 你没有屏蔽任何人']);
    expect(last([line(1, '/ignore bob'), line(1, '/ignore carol'), line(1, '/ignore')], zhConfig)).toEqual(['1 <- --- 屏蔽列表：bob, carol']);
    expect(last([line(1, '/ignore x')], zhConfig)).toEqual(['1 <- !!! 没有这个用户：x']);
  });
});

describe('/unignore', () => {
  it('hears the member again, or says you were not ignoring them', () => {
    expect(last([line(1, '/ignore bob'), line(1, '/unignore BOB')])).toEqual(['1 <- --- No longer ignoring bob']);
    expect(last([line(1, '/ignore bob'), line(1, '/unignore bob'), line(2, 'hi')])).toHaveLength(4);
    expect(last([line(1, '/unignore bob')])).toEqual(['1 <- !!! You are not ignoring bob']);
    expect(last([line(1, '/ignore bob'), line(2, '/quit'), line(1, '/unignore bob')])).toEqual(['1 <- --- No longer ignoring bob']);
    expect(last([line(1, '/unignore')])).toEqual(['1 <- !!! Usage: /unignore NAME']);
  });

  it('says so in Chinese', () => {
    expect(last([line(1, '/ignore bob'), line(1, '/unignore bob')], zhConfig)).toEqual(['1 <- --- 已取消屏蔽 bob']);
    expect(last([line(1, '/unignore bob')], zhConfig)).toEqual(['1 <- !!! 你没有屏蔽 bob']);
  });
});

describe('/whois', () => {
  it('says where, idle for how long (as the edge measured), then away, operator, registered, in that order', () => {
    expect(last([whoisAsked(3, 'alice', { of: 1, seconds: 42 })])).toEqual([`3 <- --- ${A}: in #lobby, idle 42 s, registered`]);
    expect(last([line(3, '/join dev'), line(3, '/away lunch'), opAttempt(3, 'granted'), whoisAsked(4, 'CAROL', { of: 3, seconds: 7 })])).toEqual([
      `4 <- --- ${C}: in #dev, idle 7 s, away: lunch, operator`,
    ]);
    expect(last([line(4, '/whois carol')])).toEqual([`4 <- --- ${C}: in #lobby, idle 0 s`]);
    // The edge measured someone else (a rename in between): no time pinned on the wrong member.
    expect(last([whoisAsked(4, 'carol', { of: 1, seconds: 99 })])).toEqual([`4 <- --- ${C}: in #lobby, idle 0 s`]);
    expect(last([line(4, '/whois nobody')])).toEqual(['4 <- !!! No such user: nobody']);
    expect(last([line(4, '/whois')])).toEqual(['4 <- !!! Usage: /whois NAME']);
  });

  it('shows an operator the real address of a cloaked member, and nobody else', () => {
    const cloaked = [connected(6, '~0123abcd', '10.9.9.9:999'), opAttempt(4, 'granted')];
    expect(last([...cloaked, line(4, '/whois ~0123abcd')])).toEqual(['4 <- --- [~0123abcd]~0123abcd: in #lobby, idle 0 s, from 10.9.9.9:999']);
    expect(last([...cloaked, line(3, '/whois ~0123abcd')])).toEqual(['3 <- --- [~0123abcd]~0123abcd: in #lobby, idle 0 s']);
  });

  it('says so in Chinese', () => {
    expect(last([line(3, '/away lunch'), opAttempt(3, 'granted'), whoisAsked(4, 'carol', { of: 3, seconds: 5 })], zhConfig)).toEqual([
      `4 <- --- ${C}：在 #lobby，空闲 5 秒，离开：lunch，管理员`,
    ]);
    expect(last([whoisAsked(3, 'alice', { of: 1, seconds: 1 })], zhConfig)).toEqual([`3 <- --- ${A}：在 #lobby，空闲 1 秒，已注册`]);
  });
});

describe('offline messages', () => {
  const bobGone = [line(2, '/quit')];
  it('waits for an offline account, and comes after the login line, oldest first, once', () => {
    expect(last([...bobGone, line(3, '/msg BOB are you there?')])).toEqual(['3 <- --- bob is offline; they will get your message when they log in']);
    const { state } = run([...bobGone, line(3, '/msg bob one'), line(1, '/msg bob two')]);
    const login = loginAttempt(4, 'bob', 'granted', serial(state, 'bob'));
    const steps = run([...bobGone, line(3, '/msg bob one'), line(1, '/msg bob two'), login, line(4, '/quit'), connected(5, addrOf(5)), loginAttempt(5, 'bob', 'granted', serial(state, 'bob'))]).steps;
    expect(steps.at(-4)!.slice(-5)).toEqual(['4 <- --- Logged in as bob', '4 <- --- You have 2 messages:', `4 <- ${C} -> bob: one`, `4 <- ${A} -> bob: two`, '4 <- --- End of messages']);
    expect(steps.at(-1)!.at(-1)).toBe('5 <- --- Logged in as bob');
  });

  it('takes at most 100 per account', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => line(3, `/msg bob ${i}`));
    expect(last([...bobGone, ...hundred, line(3, '/msg bob one more')])).toEqual(['3 <- !!! bob cannot take more messages']);
  });

  it('reaches an owner logged in under another name at once', () => {
    expect(last([line(2, '/nick bobby'), line(3, '/msg bob hi')])).toEqual([`3 <- ${C} -> bobby: hi`, `2 <- ${C} -> bobby: hi`]);
  });

  it('from someone the account ignores is dropped, and the sender is not told', () => {
    expect(last([line(2, '/ignore alice'), ...bobGone, line(1, '/msg bob x')])).toEqual(['1 <- --- bob is offline; they will get your message when they log in']);
    expect(accountOf(run([line(2, '/ignore alice'), ...bobGone, line(1, '/msg bob x')]).state.accounts, 'bob')!.mailbox).toEqual([]);
  });

  it('says so in Chinese', () => {
    expect(last([...bobGone, line(3, '/msg bob hi')], zhConfig)).toEqual(['3 <- --- bob 不在线；对方登录后会收到你的消息']);
    const hundred = Array.from({ length: 100 }, (_, i) => line(3, `/msg bob ${i}`));
    expect(last([...bobGone, ...hundred, line(3, '/msg bob x')], zhConfig)).toEqual(['3 <- !!! bob 的留言已满']);
    const { state } = run([...bobGone, line(3, '/msg bob one')], zhConfig);
    expect(last([...bobGone, line(3, '/msg bob one'), loginAttempt(4, 'bob', 'granted', serial(state, 'bob'))], zhConfig).slice(-4)).toEqual([
      '4 <- --- 已登录为 bob',
      '4 <- --- 你有 1 条留言：',
      `4 <- ${C} -> bob: one`,
      '4 <- --- 留言结束',
    ]);
  });
});

describe('/history', () => {
  it('shows the last N lines of your room (50 by default, at most what is kept), or that there are none', () => {
    expect(last([line(4, '/history')])).toEqual(['4 <- --- No messages in #lobby']);
    expect(last([line(1, 'one'), line(2, 'two'), line(3, 'three'), line(4, '/history 2')])).toEqual([
      '4 <- --- Recent messages in #lobby:',
      `4 <- ${B}: two`,
      `4 <- ${C}: three`,
      '4 <- --- End of recent messages',
    ]);
    expect(last([line(4, '/history 0')])).toEqual(['4 <- !!! Usage: /history [N]']);
    expect(last([line(4, '/history x')], zhConfig)).toEqual(['4 <- !!! 用法：/history [条数]']);
    expect(last([line(4, '/history')], zhConfig)).toEqual(['4 <- --- #lobby 没有消息']);
  });

  it('can keep more for /history (--keep) than a newcomer is shown (--history)', () => {
    const cfg = { ...config, history: 1, keep: 3 };
    const said = [line(1, 'one'), line(2, 'two'), line(3, 'three'), line(1, 'four')];
    expect(last([...said, line(4, '/history')], cfg)).toHaveLength(5);
    expect(last([...said, connected(7, addrOf(7))], cfg).slice(1, 4)).toEqual(['7 <- --- Recent messages in #lobby:', `7 <- ${A}: four`, '7 <- --- End of recent messages']);
  });

  it('with --data, holds 50 lines a room in memory (or --history, if more) and asks the store for more than it holds', () => {
    const cfg = { ...config, history: 20, keep: 1000, persist: true };
    const said = (n: number): RoomEvent[] => Array.from({ length: n }, (_, i) => line(1, `l${i}`));
    const { state } = run(said(60), cfg);
    expect(state.rooms[0]!.history.end - state.rooms[0]!.history.start).toBe(50);
    // Memory holds the last 50: /history (50) is answered from it.
    const plain = last([...said(60), line(4, '/history')], cfg);
    expect(plain).toHaveLength(52);
    expect(plain.slice(0, 2)).toEqual(['4 <- --- Recent messages in #lobby:', `4 <- ${A}: l10`]);
    // More than memory holds, and memory is full: the store's.
    expect(last([...said(60), line(4, '/history 51')], cfg)).toEqual(["4 <- (the store's last 51 lines of #lobby)"]);
    expect(last([...said(60), line(4, '/history 5000')], cfg)).toEqual(["4 <- (the store's last 1000 lines of #lobby)"]);
    // Memory holds all the room has said: it answers, however many were asked for.
    expect(last([...said(3), line(4, '/history 500')], cfg)).toEqual(['4 <- --- Recent messages in #lobby:', `4 <- ${A}: l0`, `4 <- ${A}: l1`, `4 <- ${A}: l2`, '4 <- --- End of recent messages']);
    // --history above 50 is what memory holds.
    expect(last([...said(60), line(4, '/history 60')], { ...cfg, history: 60 })).toHaveLength(62);
  });
});
