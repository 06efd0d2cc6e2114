import { Account, Accounts } from '../room/accounts-state';
import { Credential } from '../room/events';
import { Ban } from '../room/state';
import { Loaded } from './store';

/** The tables every store keeps, as rows (numbers already numbers), oldest first where order matters. */
export interface Rows {
  readonly accounts: readonly { key: string; name: string; credential: string; serial: number; ignores: string }[];
  readonly mailbox: readonly { account: string; line: string }[];
  readonly bans: readonly { ip: string; until: number; cloak: string | null }[];
  readonly history: readonly { room: string; line: string }[];
}

/** What a store's rows mean: read back the same whichever database held them. */
export const loadedFrom = (rows: Rows, cloakSecret: Buffer): Loaded => {
  const mail = new Map<string, string[]>();
  for (const row of rows.mailbox) mail.set(row.account, [...(mail.get(row.account) ?? []), row.line]);
  const byKey: Record<string, Account> = {};
  let serial = 0;
  for (const r of rows.accounts) {
    byKey[r.key] = {
      key: r.key,
      name: r.name,
      credential: JSON.parse(r.credential) as Credential,
      serial: r.serial,
      ignores: JSON.parse(r.ignores) as string[],
      mailbox: mail.get(r.key) ?? [],
    };
    serial = Math.max(serial, r.serial);
  }
  const accounts: Accounts = { byKey, serial };
  const bans = rows.bans.map((b): Ban => (b.cloak === null ? { ip: b.ip, until: b.until } : { ip: b.ip, until: b.until, cloak: b.cloak }));
  const histories: Record<string, string[]> = {};
  for (const row of rows.history) (histories[row.room] ??= []).push(row.line);
  return { accounts, bans, histories, cloakSecret };
};

/** An account as its row keeps it (the mailbox has a table of its own). */
export const accountRow = (a: Account): [string, string, string, number, string] => [a.key, a.name, JSON.stringify(a.credential), a.serial, JSON.stringify(a.ignores)];

/**
 * Which rooms' old lines to delete after a write: a room is trimmed to its
 * last `keep` lines once a tenth of `keep` has been added since its last
 * trim, not after every turn (a busy room would otherwise walk `keep` rows
 * of its index at every commit). The store then holds at most 1.1 × `keep`
 * lines a room; the fold keeps the last `keep` of them (src/store/seed.ts).
 */
export const trimSchedule = (keep: number) => {
  const every = Math.max(1, Math.floor(keep / 10));
  const added = new Map<string, number>();
  return (lines: readonly { readonly room: string }[]): string[] => {
    const due: string[] = [];
    for (const { room } of lines) {
      const count = (added.get(room) ?? 0) + 1;
      if (count < every) added.set(room, count);
      else {
        added.delete(room);
        due.push(room);
      }
    }
    return [...new Set(due)];
  };
};
