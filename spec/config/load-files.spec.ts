import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config';
import { loadFiles } from '../../src/config/load-files';

const dir = mkdtempSync(join(tmpdir(), 'rxchat-files-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loadFiles', () => {
  it('has no operators and no motd by default', () => {
    expect(loadFiles(defaultConfig, {})).toEqual(E.right(defaultConfig));
  });

  it('reads the password from CHAT_OP_PASSWORD, or the first line of --op-password-file, which wins', () => {
    expect(loadFiles(defaultConfig, { CHAT_OP_PASSWORD: 'from env' })).toMatchObject(E.right({ opPassword: 'from env' }));
    const pw = file('pw', 'from file\r\nsecond line\n');
    expect(loadFiles({ ...defaultConfig, opPasswordFile: pw }, { CHAT_OP_PASSWORD: 'x' })).toMatchObject(E.right({ opPassword: 'from file' }));
  });

  it('refuses an empty password and a file that cannot be read, naming the flag or variable', () => {
    expect(loadFiles(defaultConfig, { CHAT_OP_PASSWORD: '  ' })).toEqual(E.left('CHAT_OP_PASSWORD: the password is empty'));
    const empty = file('empty', '\nsecret on line two\n');
    expect(loadFiles({ ...defaultConfig, opPasswordFile: empty }, {})).toEqual(
      E.left(`--op-password-file: the first line of ${empty} is empty`),
    );
    const missing = join(dir, 'missing');
    expect(loadFiles({ ...defaultConfig, opPasswordFile: missing }, {})).toEqual(
      E.left(`--op-password-file: cannot read ${missing}: ENOENT`),
    );
    expect(loadFiles({ ...defaultConfig, motdFile: missing }, {})).toEqual(E.left(`--motd-file: cannot read ${missing}: ENOENT`));
  });

  it('lets a cluster (--redis) keep its store in PostgreSQL, never in an SQLite file', () => {
    const cluster = { ...defaultConfig, redis: 'redis://127.0.0.1:6379' };
    for (const data of ['postgres://127.0.0.1/test', 'postgresql://u@db/chat?schema=lobby']) {
      expect(E.isRight(loadFiles({ ...cluster, data }, {}))).toBe(true);
    }
    expect(loadFiles({ ...cluster, data: '/var/lib/rxchat/chat.db' }, {})).toEqual(
      E.left('--data: a cluster (--redis) cannot share an SQLite file; it needs PostgreSQL'),
    );
    expect(E.isRight(loadFiles({ ...defaultConfig, data: '/var/lib/rxchat/chat.db' }, {}))).toBe(true);
  });

  it('reads the motd line by line, sanitised', () => {
    const motd = file('motd', 'Welcome to #lobby\n\n\x1b[31mBe kind\x1b[0m\n');
    expect(loadFiles({ ...defaultConfig, motdFile: motd }, {})).toMatchObject(E.right({ motd: ['Welcome to #lobby', '', 'Be kind'] }));
  });
});
