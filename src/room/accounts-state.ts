import { nameKey } from '../protocol/names';
import { Credential } from './credential';

/**
 * A registered name (§13): its key (as names are compared), its spelling
 * when registered, and what proves its owner. `serial` changes whenever the
 * credential does, so a check made against an older one cannot log in.
 */
export interface Account {
  readonly key: string;
  readonly name: string;
  readonly credential: Credential;
  readonly serial: number;
  /** Keys of the accounts its owner ignores (§15), in the order ignored. */
  readonly ignores: readonly string[];
  /** Private messages sent while nobody was logged in as it, rendered, oldest first (§15). */
  readonly mailbox: readonly string[];
}

/**
 * All accounts by key, and the last serial given out. A plain record (JSON,
 * so a cluster snapshot carries it) read only through `accountOf`, so a name
 * such as `constructor` finds no inherited property.
 */
export interface Accounts {
  readonly byKey: Readonly<Record<string, Account>>;
  readonly serial: number;
}

export const noAccounts: Accounts = { byKey: {}, serial: 0 };

export const accountOf = (accounts: Accounts, name: string): Account | undefined => {
  const key = nameKey(name);
  return Object.hasOwn(accounts.byKey, key) ? accounts.byKey[key] : undefined;
};

export const isRegistered = (accounts: Accounts, name: string): boolean => accountOf(accounts, name) !== undefined;

/** Adds an account, or gives one a new credential (its ignores and mailbox kept), with a fresh serial. */
export const putAccount = (accounts: Accounts, key: string, name: string, credential: Credential): [Accounts, Account] => {
  const before = Object.hasOwn(accounts.byKey, key) ? accounts.byKey[key] : undefined;
  const account: Account = { key, name, credential, serial: accounts.serial + 1, ignores: before?.ignores ?? [], mailbox: before?.mailbox ?? [] };
  return [{ byKey: { ...accounts.byKey, [key]: account }, serial: account.serial }, account];
};

/** Changes an existing account other than its credential (ignores, mailbox). */
export const updateAccount = (accounts: Accounts, key: string, change: (account: Account) => Account): Accounts => {
  if (!Object.hasOwn(accounts.byKey, key)) return accounts;
  return { ...accounts, byKey: { ...accounts.byKey, [key]: change(accounts.byKey[key]!) } };
};

export const dropAccount = (accounts: Accounts, key: string): Accounts => {
  const byKey = { ...accounts.byKey };
  delete byKey[key];
  return { ...accounts, byKey };
};
