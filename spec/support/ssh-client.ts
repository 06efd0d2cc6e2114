import { mkdtempSync } from 'node:fs';
import { connect as tcpConnect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { Client, ClientChannel, ConnectConfig, utils } from 'ssh2';
import { afterEach } from 'vitest';
import { fingerprint } from '../../src/ssh/fingerprint';
import { loadOrCreateHostKey, SshHostKey } from '../../src/ssh/host-key';
import { Inbox } from './inbox';

/** A host key for a test file's servers, made by the listener's own loader in a directory of its own. */
export const testHostKey = (): SshHostKey => {
  const hostKey = loadOrCreateHostKey(join(mkdtempSync(join(tmpdir(), 'rxchat-ssh-')), 'host_key'));
  if (E.isLeft(hostKey)) throw new Error(hostKey.left);
  return hostKey.right;
};

const DEFAULT_DEADLINE_MS = 3000;

/**
 * A throw-away ed25519 key for a test client, with its fingerprint as
 * OpenSSH prints it. ssh2 1.17.0's generateKeyPairSync writes about one
 * ed25519 pair in 300 a byte short, both halves, which its own parseKey then
 * refuses ("Malformed OpenSSH public key"): such a pair is made again.
 */
export const throwAwayKey = (): { readonly privateKey: string; readonly fingerprint: string } => {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519');
    const [publicKey, privateKey] = [utils.parseKey(pair.public), utils.parseKey(pair.private)];
    if (publicKey instanceof Error || privateKey instanceof Error) continue;
    return { privateKey: pair.private, fingerprint: fingerprint(publicKey.getPublicSSH()) };
  }
};

export interface SshLogin {
  readonly user: string;
  /** A private key (OpenSSH format) to log in with; without one, keyboard-interactive. */
  readonly privateKey?: string;
  /** A PTY of this width, or none (as `ssh -T`). */
  readonly columns?: number;
  /** Source address (127.0.0.2, …), for the per-IP and ban tests. */
  readonly from?: string;
}

/** Opens the TCP connection first, so the test knows the addr the server will show. */
const tcp = (port: number, from: string | undefined): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = tcpConnect({ port, host: '127.0.0.1', ...(from === undefined ? {} : { localAddress: from }) });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });

/** Connects and authenticates an ssh2 client over `sock`, or rejects with why not. */
export const sshConnect = (sock: Socket, config: ConnectConfig): Promise<Client> =>
  new Promise((resolve, reject) => {
    const client = new Client();
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({ sock, readyTimeout: 5000, ...config });
  });

/**
 * An SSH chat client for tests on ssh2's own client: collects the lines of
 * its shell channel and lets a test wait for the next one with a deadline.
 */
export class SshTestClient {
  private readonly inbox = new Inbox(() => `; partial: ${JSON.stringify(this.partial)}`);
  /** Everything received on the channel, as text. */
  raw = '';
  private partial = '';
  readonly closed: Promise<void>;
  /** The shell's exit status, once the server has sent it. */
  exitCode: number | undefined;

  private constructor(
    readonly client: Client,
    readonly stream: ClientChannel,
    readonly addr: string,
  ) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.onData(chunk));
    stream.on('exit', (code: number) => {
      this.exitCode = code;
    });
    client.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      client.once('close', () => {
        this.inbox.end();
        resolve();
      }),
    );
  }

  static async connect(port: number, login: SshLogin): Promise<SshTestClient> {
    const sock = await tcp(port, login.from);
    const addr = `${sock.localAddress}:${sock.localPort}`;
    const client = await sshConnect(sock, {
      username: login.user,
      ...(login.privateKey === undefined ? { tryKeyboard: true, authHandler: ['keyboard-interactive'] } : { privateKey: login.privateKey }),
    });
    client.on('keyboard-interactive', (_name, _instructions, _lang, _prompts, finish) => finish([]));
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      client.shell(login.columns === undefined ? false : { cols: login.columns, rows: 24, term: 'xterm' }, (err, channel) =>
        err ? reject(err) : resolve(channel),
      ),
    );
    return new SshTestClient(client, stream, addr);
  }

  /** `[addr]addr`, the name tag of a client whose login name was not taken. */
  get tag(): string {
    return `[${this.addr}]${this.addr}`;
  }

  line(text: string): void {
    this.stream.write(`${text}\n`);
  }

  next(deadlineMs = DEFAULT_DEADLINE_MS): Promise<string> {
    return this.inbox.next(deadlineMs);
  }

  take(n: number, deadlineMs = DEFAULT_DEADLINE_MS): Promise<string[]> {
    return this.inbox.take(n, deadlineMs);
  }

  get pending(): readonly string[] {
    return this.inbox.pending;
  }

  /** EOF on the channel: the end of this client's input (a half-close). */
  endInput(): void {
    this.stream.end();
  }

  destroy(): void {
    this.client.destroy();
  }

  private onData(chunk: string): void {
    this.raw += chunk;
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const part of parts) this.inbox.push(part.endsWith('\r') ? part.slice(0, -1) : part);
  }
}

/**
 * For a spec file: `ssh(server, login)` opens an SSH chat client, by default
 * as alice with `key`, and every client it opened is destroyed after each test.
 */
export const useSshClients = (key: { readonly privateKey: string }) => {
  const opened: SshTestClient[] = [];
  afterEach(() => opened.splice(0).forEach((c) => c.destroy()));
  return async (server: { readonly sshPort: number | undefined }, login: Partial<SshLogin> = {}): Promise<SshTestClient> => {
    const client = await SshTestClient.connect(server.sshPort!, { user: 'alice', privateKey: key.privateKey, ...login });
    opened.push(client);
    return client;
  };
};
