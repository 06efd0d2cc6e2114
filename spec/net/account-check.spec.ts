import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { checkAccounts } from '../../src/net/account-check';
import { inOrder } from '../../src/net/in-order';
import { hashPassword, verifyPassword } from '../../src/net/passwords';
import { putAccount } from '../../src/room/accounts-state';
import * as ev from '../../src/room/events';
import { RoomEvent } from '../../src/room/events';
import { addUser, ChatState, initialState, newUser } from '../../src/room/state';

describe('password hashes', () => {
  it('are salted scrypt hashes that verify only the password they were made from', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct');
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
    expect(await verifyPassword('correct horse', undefined)).toBe(false);
    expect(await verifyPassword('correct horse', 'scrypt$x')).toBe(false);
  });
});

describe('checkAccounts', () => {
  const withAlice = async (): Promise<ChatState> => {
    const [accounts] = putAccount(initialState.accounts, 'alice', 'alice', { kind: 'password', hash: await hashPassword('password1') });
    const alice = { ...newUser(1, '10.0.0.1:1'), name: 'alice', key: 'alice', account: 'alice' };
    return addUser({ ...initialState, accounts }, alice);
  };

  it('passes every other line through untouched, as the same event', () => {
    const check = checkAccounts(() => initialState);
    const chat = ev.line(1, 'hello /login people');
    expect(check(chat)).toBe(chat);
    expect(check(ev.closed(1))).toEqual(ev.closed(1));
  });

  it('answers a short password at once and hashes a long one off the loop', async () => {
    const check = checkAccounts(() => initialState);
    expect(check(ev.line(1, '/register short'))).toEqual(ev.registerAttempt(1, 'tooShort'));
    const hashed = (await check(ev.line(1, '/register longenough'))) as Extract<RoomEvent, { type: 'registerAttempt' }>;
    expect(hashed.type).toBe('registerAttempt');
    const credential = hashed.credential as { kind: 'password'; hash: string };
    expect(await verifyPassword('longenough', credential.hash)).toBe(true);
    expect(JSON.stringify(hashed)).not.toContain('longenough');
  });

  it('turns /login and /identify into a verdict against the account as the edge saw it', async () => {
    const state = await withAlice();
    const check = checkAccounts(() => state);
    const serial = state.accounts.serial;
    expect(await check(ev.line(2, '/login ALICE password1'))).toEqual(ev.loginAttempt(2, 'alice', 'granted', serial));
    expect(await check(ev.line(2, '/identify alice password2'))).toEqual(ev.loginAttempt(2, 'alice', 'denied', serial));
    expect(await check(ev.line(2, '/login nobody password1'))).toEqual(ev.loginAttempt(2, 'nobody', 'denied', -1));
  });

  it('turns /password into its outcome: wrong, too short, or the new hash', async () => {
    const state = await withAlice();
    const check = checkAccounts(() => state);
    const serial = state.accounts.serial;
    expect(await check(ev.line(2, '/password password1 newpassword'))).toEqual(ev.passwordAttempt(2, 'wrong', -1));
    expect(await check(ev.line(1, '/password wrong newpassword'))).toEqual(ev.passwordAttempt(1, 'wrong', serial));
    expect(await check(ev.line(1, '/password password1 short'))).toEqual(ev.passwordAttempt(1, 'tooShort', serial));
    const changed = (await check(ev.line(1, '/password password1 newpassword'))) as Extract<RoomEvent, { type: 'passwordAttempt' }>;
    expect(await verifyPassword('newpassword', (changed.outcome as { hash: string }).hash)).toBe(true);
  });
});

describe('inOrder', () => {
  it('holds the values after a pending one until it is done, and ends after the last', async () => {
    let release: (value: string) => void = () => undefined;
    const slow = new Promise<string>((resolve) => (release = resolve));
    const source = new Subject<string>();
    const got: string[] = [];
    let completed = false;
    source.pipe(inOrder((v) => (v === 'slow' ? slow : v.toUpperCase()))).subscribe({ next: (v) => got.push(v), complete: () => (completed = true) });
    source.next('a');
    source.next('slow');
    source.next('b');
    source.complete();
    expect(got).toEqual(['A']);
    expect(completed).toBe(false);
    release('checked');
    await slow;
    await Promise.resolve();
    expect(got).toEqual(['A', 'checked', 'B']);
    expect(completed).toBe(true);
  });
});
