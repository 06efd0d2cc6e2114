import { describe, expect, it } from 'vitest';
import { zh } from '../../src/i18n/zh';
import { accountOf } from '../../src/room/accounts-state';
import { connected, Credential, line, loginAttempt, opAttempt, passwordAttempt, registerAttempt, RoomEvent } from '../../src/room/events';
import { reducer } from '../../src/room/reducer';
import { ChatState, initialState, userById } from '../../src/room/state';
import { StoreChange } from '../../src/room/store-changes';
import { addrOf, fold, tagOf, testRoomConfig } from '../support/room-harness';

const config = { ...testRoomConfig, maxClients: 10, opAccounts: ['boss'] };
const zhConfig = { ...config, messages: zh };
const pw = (hash: string): Credential => ({ kind: 'password', hash });
/** 1 is alice (registered), 2 is bob (not), 3 keeps its addr; 4 is an operator. */
const start: RoomEvent[] = [
  connected(1, addrOf(1)),
  connected(2, addrOf(2)),
  connected(3, addrOf(3)),
  connected(4, addrOf(4)),
  opAttempt(4, 'granted'),
  line(1, '/nick alice'),
  line(2, '/nick bob'),
  registerAttempt(1, pw('h1')),
];
const run = (events: readonly RoomEvent[], cfg = config) => fold([...start, ...events], cfg);
const last = (events: readonly RoomEvent[], cfg = config): string[] => run(events, cfg).steps.at(-1)!;
const serialOf = (state: ChatState, name: string): number => accountOf(state.accounts, name)!.serial;
const aliceSerial = serialOf(fold(start, config).state, 'alice');

describe('/register', () => {
  it('registers the current name and logs in as it', () => {
    const { steps, state } = fold(start, config);
    expect(steps.at(-1)).toEqual(['1 <- --- alice is now registered; next time use /login alice PASSWORD']);
    expect(userById(state, 1)!.account).toBe('alice');
    expect(accountOf(state.accounts, 'ALICE')?.name).toBe('alice');
  });

  it('refuses, in this order: no name chosen, already registered, too short; and a usage error', () => {
    expect(last([registerAttempt(3, pw('h'))])).toEqual(['3 <- !!! Choose a name first with /nick NAME']);
    expect(last([registerAttempt(3, 'tooShort')])).toEqual(['3 <- !!! Choose a name first with /nick NAME']);
    expect(last([registerAttempt(1, 'tooShort')])).toEqual(['1 <- !!! alice is already registered']);
    expect(last([registerAttempt(2, 'tooShort')])).toEqual(['2 <- !!! Password too short (min 8 characters)']);
    expect(last([line(2, '/register')])).toEqual(['2 <- !!! Usage: /register PASSWORD']);
    expect(last([line(2, '/register two words')])).toEqual(['2 <- !!! Usage: /register PASSWORD']);
  });

  it('says so in Chinese', () => {
    expect(fold(start, zhConfig).steps.at(-1)).toEqual(['1 <- --- alice 已注册；下次请用 /login alice 密码']);
    expect(last([registerAttempt(3, pw('h'))], zhConfig)).toEqual(['3 <- !!! 请先用 /nick 名字 选一个名字']);
    expect(last([registerAttempt(1, 'tooShort')], zhConfig)).toEqual(['1 <- !!! alice 已被注册']);
    expect(last([registerAttempt(2, 'tooShort')], zhConfig)).toEqual(['2 <- !!! 密码太短（至少 8 个字符）']);
    expect(last([line(2, '/register')], zhConfig)).toEqual(['2 <- !!! 用法：/register 密码']);
  });

  it('ties a name to an SSH key when the edge says so', () => {
    expect(last([registerAttempt(2, { kind: 'key', fingerprint: 'SHA256:abc' })])).toEqual([
      '2 <- --- bob is now registered to your key SHA256:abc',
    ]);
  });

  it('never puts the hash in an effect other than the store', () => {
    const { steps } = fold(start, config);
    expect(steps.flat().join('\n')).not.toContain('h1');
  });
});

describe('reserved names', () => {
  const quit = line(1, '/quit');
  it('keeps a registered name while its owner is offline, for /nick and rename|, in any case', () => {
    expect(last([quit, line(2, '/nick Alice')])).toEqual(['2 <- !!! Name Alice is registered; use /login Alice PASSWORD']);
    expect(last([quit, line(3, 'rename|ALICE')])).toEqual(['3 <- !!! Name ALICE is registered; use /login ALICE PASSWORD']);
    expect(last([quit, line(3, 'rename|alice')], zhConfig)).toEqual(['3 <- !!! 名字 alice 已被注册；请用 /login alice 密码']);
  });

  it('lets the owner take its name back once logged in', () => {
    const steps = run([line(1, '/nick al'), line(1, '/nick alice')]).steps;
    expect(steps.at(-1)).toEqual([`1 <- *** ${tagOf(1, 'al')} is now known as alice`, `2 <- *** ${tagOf(1, 'al')} is now known as alice`, `3 <- *** ${tagOf(1, 'al')} is now known as alice`, `4 <- *** ${tagOf(1, 'al')} is now known as alice`]);
  });
});

describe('/login', () => {
  it('logs in, renaming the user to the account first (its room sees it)', () => {
    const { steps, state } = run([line(1, '/quit'), loginAttempt(3, 'alice', 'granted', aliceSerial)]);
    expect(steps.at(-1)).toEqual([
      `2 <- *** ${tagOf(3)} is now known as alice`,
      `3 <- *** ${tagOf(3)} is now known as alice`,
      `4 <- *** ${tagOf(3)} is now known as alice`,
      '3 <- --- Logged in as alice',
    ]);
    expect(userById(state, 3)).toMatchObject({ name: 'alice', account: 'alice' });
  });

  it('renames another connection logged in as the account back to its addr first', () => {
    expect(last([line(1, '/join dev'), loginAttempt(3, 'alice', 'granted', aliceSerial)])).toEqual([
      `1 <- *** ${tagOf(1, 'alice')} is now known as ${addrOf(1)}`,
      `2 <- *** ${tagOf(3)} is now known as alice`,
      `3 <- *** ${tagOf(3)} is now known as alice`,
      `4 <- *** ${tagOf(3)} is now known as alice`,
      '3 <- --- Logged in as alice',
    ]);
  });

  it('needs no rename when the name is already the account', () => {
    expect(last([loginAttempt(1, 'alice', 'granted', aliceSerial)])).toEqual(['1 <- --- Logged in as alice']);
  });

  it('refuses a wrong name or password with one text, and the third wrong password, /op counted, disconnects', () => {
    expect(last([loginAttempt(3, 'alice', 'denied', aliceSerial)])).toEqual(['3 <- !!! Wrong name or password']);
    expect(last([loginAttempt(3, 'nobody', 'denied', -1)])).toEqual(['3 <- !!! Wrong name or password']);
    expect(last([line(3, '/login')])).toEqual(['3 <- !!! Usage: /login NAME PASSWORD']);
    expect(last([opAttempt(3, 'denied'), loginAttempt(3, 'alice', 'denied', aliceSerial), loginAttempt(3, 'x', 'denied', -1)])).toEqual([
      '3 <- !!! Too many wrong passwords; disconnecting',
      'close 3 (flush)',
      `1 <- *** ${tagOf(3)} left`,
      `2 <- *** ${tagOf(3)} left`,
      `4 <- *** ${tagOf(3)} left`,
    ]);
  });

  it('refuses a login checked against a credential that has changed since', () => {
    expect(last([passwordAttempt(1, { hash: 'h2' }, aliceSerial), loginAttempt(3, 'alice', 'granted', aliceSerial)])).toEqual([
      '3 <- !!! Wrong name or password',
    ]);
  });

  it('makes an --op-accounts account an operator right after the login line', () => {
    const boss = [line(2, '/nick boss'), registerAttempt(2, pw('b'))];
    const serial = serialOf(run(boss).state, 'boss');
    expect(last([...boss, line(2, '/quit'), loginAttempt(3, 'boss', 'granted', serial)]).slice(-2)).toEqual([
      '3 <- --- Logged in as boss',
      '3 <- --- You are now an operator',
    ]);
  });

  it('says so in Chinese', () => {
    expect(last([loginAttempt(1, 'alice', 'granted', aliceSerial)], zhConfig)).toEqual(['1 <- --- 已登录为 alice']);
    expect(last([loginAttempt(3, 'alice', 'denied', aliceSerial)], zhConfig)).toEqual(['3 <- !!! 名字或密码错误']);
    expect(last([line(3, '/identify')], zhConfig)).toEqual(['3 <- !!! 用法：/login 名字 密码']);
  });
});

describe('arriving logged in with a key (§16: ssh NAME@HOST with the key NAME is registered to)', () => {
  /** 2 (bob) ties its name to a key and leaves; 5 arrives as bob with that key, as the edge found it. */
  const keyed = [registerAttempt(2, { kind: 'key', fingerprint: 'SHA256:k' }), line(2, '/quit')];
  const bobSerial = serialOf(run(keyed).state, 'bob');
  const arrives = (serial = bobSerial, name = 'bob'): RoomEvent => connected(5, addrOf(5), undefined, name, { account: 'bob', serial });

  it('joins under the name, then is told it is logged in', () => {
    const { steps, state } = run([...keyed, arrives()]);
    expect(steps.at(-1)).toEqual([
      `5 <- --- Welcome, ${tagOf(5, 'bob')}! 4 users online. Type /help for commands.`,
      `1 <- *** ${tagOf(5, 'bob')} joined`,
      `3 <- *** ${tagOf(5, 'bob')} joined`,
      `4 <- *** ${tagOf(5, 'bob')} joined`,
      `5 <- *** ${tagOf(5, 'bob')} joined`,
      '5 <- --- Logged in as bob',
    ]);
    expect(userById(state, 5)).toMatchObject({ name: 'bob', account: 'bob' });
  });

  it("takes the account's spelling whatever the case asked for", () => {
    expect(last([...keyed, arrives(bobSerial, 'BOB')])[0]).toBe(`5 <- --- Welcome, ${tagOf(5, 'bob')}! 4 users online. Type /help for commands.`);
  });

  it('renames another connection logged in as the account back to its addr first', () => {
    const steps = last([registerAttempt(2, { kind: 'key', fingerprint: 'SHA256:k' }), arrives()]);
    expect(steps.slice(0, 5)).toEqual([
      `1 <- *** ${tagOf(2, 'bob')} is now known as ${addrOf(2)}`,
      `2 <- *** ${tagOf(2, 'bob')} is now known as ${addrOf(2)}`,
      `3 <- *** ${tagOf(2, 'bob')} is now known as ${addrOf(2)}`,
      `4 <- *** ${tagOf(2, 'bob')} is now known as ${addrOf(2)}`,
      `5 <- --- Welcome, ${tagOf(5, 'bob')}! 5 users online. Type /help for commands.`,
    ]);
    expect(steps.at(-1)).toBe('5 <- --- Logged in as bob');
  });

  it('arrives as an ordinary client, told the name is registered, when the credential changed since the edge looked', () => {
    expect(last([...keyed, arrives(bobSerial - 1)])).toEqual([
      `5 <- --- Welcome, ${tagOf(5)}! 4 users online. Type /help for commands.`,
      '5 <- !!! Name bob is registered; use /login bob PASSWORD',
      `1 <- *** ${tagOf(5)} joined`,
      `3 <- *** ${tagOf(5)} joined`,
      `4 <- *** ${tagOf(5)} joined`,
      `5 <- *** ${tagOf(5)} joined`,
    ]);
  });

  it('is refused like anyone when the server is full, and nobody is renamed', () => {
    const full = { ...config, maxClients: 4 };
    expect(last([registerAttempt(2, { kind: 'key', fingerprint: 'SHA256:k' }), arrives()], full)).toEqual([
      '5 <- !!! Server full (4 users); try again later',
      'close 5 (flush)',
    ]);
  });

  it('makes an --op-accounts account an operator, and gets its waiting messages, right after the login line', () => {
    const boss = [line(2, '/nick boss'), registerAttempt(2, { kind: 'key', fingerprint: 'SHA256:k' }), line(2, '/quit'), line(1, '/msg boss see me')];
    const serial = serialOf(run(boss).state, 'boss');
    expect(last([...boss, connected(5, addrOf(5), undefined, 'boss', { account: 'boss', serial })]).slice(-5)).toEqual([
      '5 <- --- Logged in as boss',
      '5 <- --- You are now an operator',
      '5 <- --- You have 1 messages:',
      `5 <- ${tagOf(1, 'alice')} -> boss: see me`,
      '5 <- --- End of messages',
    ]);
  });
});

describe('/password', () => {
  it('changes the password of the account logged in', () => {
    const { steps, state } = run([passwordAttempt(1, { hash: 'h2' }, aliceSerial)]);
    expect(steps.at(-1)).toEqual(['1 <- --- Password changed']);
    expect(accountOf(state.accounts, 'alice')!.credential).toEqual(pw('h2'));
  });

  it('refuses, in this order: not logged in, wrong password, too short', () => {
    expect(last([passwordAttempt(2, 'wrong', -1)])).toEqual(['2 <- !!! Not logged in']);
    expect(last([passwordAttempt(1, 'wrong', aliceSerial)])).toEqual(['1 <- !!! Wrong password']);
    expect(last([passwordAttempt(1, 'tooShort', aliceSerial)])).toEqual(['1 <- !!! Password too short (min 8 characters)']);
    expect(last([line(1, '/password onlyone')])).toEqual(['1 <- !!! Usage: /password OLD NEW']);
  });

  it('says so in Chinese', () => {
    expect(last([passwordAttempt(1, { hash: 'h2' }, aliceSerial)], zhConfig)).toEqual(['1 <- --- 密码已修改']);
    expect(last([passwordAttempt(2, 'wrong', -1)], zhConfig)).toEqual(['2 <- !!! 你还没有登录']);
    expect(last([passwordAttempt(1, 'wrong', aliceSerial)], zhConfig)).toEqual(['1 <- !!! 密码错误']);
    expect(last([line(1, '/password x')], zhConfig)).toEqual(['1 <- !!! 用法：/password 旧密码 新密码']);
  });
});

describe('/unregister', () => {
  it('frees the name for operators only, logging its owner out', () => {
    const { steps, state } = run([line(4, '/unregister ALICE')]);
    expect(steps.at(-1)).toEqual(['4 <- --- alice is no longer registered']);
    expect(userById(state, 1)!.account).toBeUndefined();
    expect(last([line(4, '/unregister ALICE'), line(1, '/quit'), line(3, '/nick alice')]).at(0)).toContain('is now known as alice');
    expect(last([line(4, '/unregister bob')])).toEqual(['4 <- !!! bob is not registered']);
    expect(last([line(2, '/unregister alice')])).toEqual(['2 <- !!! Not an operator']);
    expect(last([line(4, '/unregister')])).toEqual(['4 <- !!! Usage: /unregister NAME']);
  });

  it('says so in Chinese', () => {
    expect(last([line(4, '/unregister alice')], zhConfig)).toEqual(['4 <- --- alice 已取消注册']);
    expect(last([line(4, '/unregister bob')], zhConfig)).toEqual(['4 <- !!! bob 没有注册']);
    expect(last([line(4, '/unregister')], zhConfig)).toEqual(['4 <- !!! 用法：/unregister 名字']);
  });
});

describe('the store', () => {
  it('is asked to keep each account as registered or changed, and to forget it on /unregister', () => {
    const step = reducer(config);
    let state = initialState;
    const changes: StoreChange[] = [];
    for (const event of [...start, passwordAttempt(1, { hash: 'h2' }, aliceSerial), line(4, '/unregister alice')]) {
      const [next, effects] = step(state, event, 0);
      state = next;
      changes.push(...effects.flatMap((e) => (e.type === 'store' ? [e.change] : [])));
    }
    expect(changes).toEqual([
      { kind: 'putAccount', account: { key: 'alice', name: 'alice', credential: pw('h1'), serial: aliceSerial, ignores: [], mailbox: [] } },
      { kind: 'putAccount', account: { key: 'alice', name: 'alice', credential: pw('h2'), serial: aliceSerial + 1, ignores: [], mailbox: [] } },
      { kind: 'dropAccount', key: 'alice' },
    ]);
  });
});
