import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config';
import { loadSsh } from '../../src/config/load-ssh';
import { loadOrCreateHostKey } from '../../src/ssh/host-key';

const dir = mkdtempSync(join(tmpdir(), 'rxchat-hostkey-'));
/** What OpenSSH's own tool says a key file's fingerprint is (`256 SHA256:… comment (ED25519)`). */
const sshKeygenFingerprint = (file: string): string => execFileSync('ssh-keygen', ['-l', '-f', file], { encoding: 'utf8' }).split(' ')[1]!;

describe('the SSH host key', () => {
  it('is created when missing: an ed25519 OpenSSH private key, mode 0600, that ssh-keygen reads with the same fingerprint', () => {
    const file = join(dir, 'new_key');
    const made = loadOrCreateHostKey(file);
    expect(E.isRight(made)).toBe(true);
    if (E.isLeft(made)) return;
    expect(made.right.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(made.right.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(sshKeygenFingerprint(file)).toBe(made.right.fingerprint);
    expect(execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' })).toMatch(/^ssh-ed25519 /);
  });

  it('is read, not replaced, when it exists, whoever made it (ssh-keygen here)', () => {
    const file = join(dir, 'keygen_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    const before = readFileSync(file, 'utf8');
    const read = loadOrCreateHostKey(file);
    expect(read).toMatchObject(E.right({ created: false, key: before, fingerprint: sshKeygenFingerprint(file) }));
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses what is not an unencrypted private key, naming the flag', () => {
    const junk = join(dir, 'junk');
    writeFileSync(junk, 'not a key\n');
    expect(loadOrCreateHostKey(junk)).toEqual(E.left(`--ssh-host-key: ${junk} is not an OpenSSH private key`));
    const locked = join(dir, 'locked');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret', '-f', locked]);
    expect(loadOrCreateHostKey(locked)).toEqual(E.left(`--ssh-host-key: ${locked} is encrypted (a host key needs no passphrase)`));
    expect(loadOrCreateHostKey(`${locked}.pub`)).toEqual(E.left(`--ssh-host-key: ${locked}.pub is a public key; it needs the private key`));
    const nowhere = join(dir, 'no', 'such', 'dir');
    expect(loadOrCreateHostKey(nowhere)).toEqual(E.left(`--ssh-host-key: cannot create ${nowhere}: ENOENT`));
  });

  it('goes with --ssh-port: both or neither', () => {
    expect(loadSsh(defaultConfig)).toEqual(E.right(defaultConfig));
    expect(loadSsh({ ...defaultConfig, sshPort: 2022 })).toEqual(E.left('--ssh-host-key: missing; --ssh-port and --ssh-host-key go together'));
    expect(loadSsh({ ...defaultConfig, sshHostKey: join(dir, 'k') })).toEqual(E.left('--ssh-port: missing; --ssh-port and --ssh-host-key go together'));
  });
});
