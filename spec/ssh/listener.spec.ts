import { AddressInfo, connect, Socket } from 'node:net';
import { Client } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observe/logger';
import { SshAccepted, createSshListener, SshListener } from '../../src/ssh/ssh-listener';
import { sshConnect, testHostKey, throwAwayKey } from '../support/ssh-client';

const hostKey = testHostKey();

const listeners: SshListener[] = [];
const clients: Client[] = [];
afterEach(async () => {
  clients.splice(0).forEach((c) => c.destroy());
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

/** A listener on its own, its accepted clients collected in order. */
const listener = async (): Promise<{ port: number; accepted: SshAccepted[] }> => {
  const ssh = createSshListener(hostKey, { handshakeTimeoutMs: 5000, maxLine: 4096, logger: silentLogger, failed: () => undefined });
  listeners.push(ssh);
  const accepted: SshAccepted[] = [];
  ssh.accepted$.subscribe((a) => accepted.push(a));
  await new Promise<void>((resolve) => ssh.server.listen(0, '127.0.0.1', resolve));
  return { port: (ssh.server.address() as AddressInfo).port, accepted };
};

const tcp = (port: number): Promise<Socket> =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(socket));
  });

const login = async (port: number, config: Parameters<typeof sshConnect>[1]): Promise<{ client: Client; addr: string }> => {
  const sock = await tcp(port);
  const client = await sshConnect(sock, config);
  clients.push(client);
  return { client, addr: `${sock.localAddress}:${sock.localPort}` };
};

/** What the server answered to a channel or request: 'ok', or the error ssh2's client reports. */
const outcome = (ask: (done: (err: Error | undefined) => void) => void): Promise<string> =>
  new Promise((resolve) => ask((err) => resolve(err === undefined ? 'ok' : `refused: ${err.message}`)));

describe('the SSH listener', () => {
  it('hands over each shell with its addr, its login name and the SHA256 fingerprint of the key it proved it holds', async () => {
    const { port, accepted } = await listener();
    const key = throwAwayKey();
    const { client, addr } = await login(port, { username: 'alice', privateKey: key.privateKey });
    expect(await outcome((done) => client.shell(false, (err) => done(err ?? undefined)))).toBe('ok');
    expect(accepted.map(({ addr: a, transport, name, keyFingerprint }) => ({ addr: a, transport, name, keyFingerprint }))).toEqual([
      { addr, transport: 'ssh', name: 'alice', keyFingerprint: key.fingerprint },
    ]);
  });

  it('refuses `none` and offers publickey, keyboard-interactive and password; accepts a password (any) without a key', async () => {
    const { port, accepted } = await listener();
    const offered: (string[] | null)[] = [];
    const { client } = await login(port, {
      username: 'bob',
      authHandler: (methodsLeft, _partial, next) => {
        offered.push(methodsLeft);
        next(methodsLeft === null ? 'none' : { type: 'password', username: 'bob', password: 'anything' });
      },
    });
    expect(offered).toEqual([null, ['publickey', 'keyboard-interactive', 'password']]);
    expect(await outcome((done) => client.shell(false, (err) => done(err ?? undefined)))).toBe('ok');
    expect(accepted.map((a) => [a.name, a.keyFingerprint])).toEqual([['bob', undefined]]);
  });

  it('refuses exec, subsystems and port forwarding both ways', async () => {
    const { port, accepted } = await listener();
    const { client } = await login(port, { username: 'carol', privateKey: throwAwayKey().privateKey });
    expect(await outcome((done) => client.exec('cat /etc/passwd', (err) => done(err ?? undefined)))).toMatch(/^refused: /);
    expect(await outcome((done) => client.sftp((err) => done(err ?? undefined)))).toMatch(/^refused: /);
    expect(await outcome((done) => client.forwardOut('127.0.0.1', 1, '127.0.0.1', port, (err) => done(err ?? undefined)))).toMatch(/^refused: /);
    expect(await outcome((done) => client.forwardIn('127.0.0.1', 0, (err) => done(err ?? undefined)))).toMatch(/^refused: /);
    expect(accepted).toEqual([]);
  });

  it('opens one shell per connection: no second session beside it, nor after it', async () => {
    const { port, accepted } = await listener();
    const { client } = await login(port, { username: 'carol', privateKey: throwAwayKey().privateKey });
    expect(await outcome((done) => client.shell(false, (err) => done(err ?? undefined)))).toBe('ok');
    expect(await outcome((done) => client.shell(false, (err) => done(err ?? undefined)))).toMatch(/^refused: /);
    expect(await outcome((done) => client.exec('true', (err) => done(err ?? undefined)))).toMatch(/^refused: /);
    expect(accepted).toHaveLength(1);
  });
});
