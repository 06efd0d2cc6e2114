import { readFileSync, writeFileSync } from 'node:fs';
import * as E from 'fp-ts/Either';
import { fingerprint } from './fingerprint';

/** The SSH listener's host key, as read (or made) at start-up. */
export interface SshHostKey {
  /** The OpenSSH private key file's text, as ssh2 takes it. */
  readonly key: string;
  /** Its public half's fingerprint (`SHA256:…`), what a client is asked to trust on first connection. */
  readonly fingerprint: string;
  /** Whether the file was made just now. */
  readonly created: boolean;
}

/** ssh2 is loaded only by a server with an SSH listener. */
const ssh2Utils = (): typeof import('ssh2').utils => (require('ssh2') as typeof import('ssh2')).utils;

const parsed = (file: string, text: string, created: boolean): E.Either<string, SshHostKey> => {
  const key = ssh2Utils().parseKey(text);
  if (key instanceof Error) {
    const why = /encrypted|passphrase/i.test(key.message) ? 'is encrypted (a host key needs no passphrase)' : 'is not an OpenSSH private key';
    return E.left(`--ssh-host-key: ${file} ${why}`);
  }
  if (!key.isPrivateKey()) return E.left(`--ssh-host-key: ${file} is a public key; it needs the private key`);
  return E.right({ key: text, fingerprint: fingerprint(key.getPublicSSH()), created });
};

/**
 * Reads the host key file, or, when there is none, makes an ed25519 key and
 * writes it there, readable by its owner only (0600), as ssh-keygen would.
 * node:crypto makes the key, but its own export formats (PKCS#8, JWK) are not
 * ones ssh2 reads for ed25519; ssh2's `generateKeyPairSync`, built on
 * node:crypto, writes the OpenSSH format that ssh2 and `ssh-keygen` both read.
 * `wx`: a file that appears meanwhile is never overwritten.
 */
export const loadOrCreateHostKey = (file: string): E.Either<string, SshHostKey> => {
  try {
    return parsed(file, readFileSync(file, 'utf8'), false);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    if (code !== 'ENOENT') return E.left(`--ssh-host-key: cannot read ${file}: ${code}`);
  }
  try {
    const pair = ssh2Utils().generateKeyPairSync('ed25519', { comment: 'rxchat host key' });
    writeFileSync(file, pair.private, { mode: 0o600, flag: 'wx' });
    return parsed(file, pair.private, true);
  } catch (err) {
    return E.left(`--ssh-host-key: cannot create ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
};
