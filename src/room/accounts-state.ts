import { nameKey } from '../protocol/names';
import { Credential } from './events';

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

/** Adds or replaces an account with a fresh serial; returns the new set and the account as stored. */
export const putAccount = (accounts: Accounts, key: string, name: string, credential: Credential): [Accounts, Account] => {
  const account: Account = { key, name, credential, serial: accounts.serial + 1 };
  return [{ byKey: { ...accounts.byKey, [key]: account }, serial: account.serial }, account];
};

export const dropAccount = (accounts: Accounts, key: string): Accounts => {
  const byKey = { ...accounts.byKey };
  delete byKey[key];
  return { ...accounts, byKey };
};
