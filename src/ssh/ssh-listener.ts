import { createServer, Server, Socket } from 'node:net';
import { Observable, Subject } from 'rxjs';
import { AuthContext, Connection as SshConnection, Server as Ssh2Server, ServerChannel, Session, utils } from 'ssh2';
import { Accepted, addrOrDestroy } from '../net/accept';
import { formatAddr } from '../net/addr';
import { Logger } from '../observe/logger';
import { SshChannelSocket, Pty } from './channel-socket';
import { fingerprint } from './fingerprint';
import { SshHostKey } from './host-key';

/** What an SSH client is offered after refusing `none`: any of them lets it in. */
const METHODS: AuthContext['method'][] = ['publickey', 'keyboard-interactive', 'password'];

/** An SSH client, accepted: a shell channel, the name its login asked for, and the key it proved it holds. */
export interface SshAccepted extends Accepted {
  /** The user name of the login (`ssh NAME@HOST`): the name the member asks for. */
  readonly name: string;
  /**
   * The SHA-256 fingerprint (`SHA256:…`, as OpenSSH prints it) of the public
   * key whose signature this server verified; undefined when the client
   * logged in without a key (keyboard-interactive, password).
   */
  readonly keyFingerprint: string | undefined;
}

export interface SshListener {
  /** The TCP listener (listen on it); each connection is handed to ssh2. */
  readonly server: Server;
  /** Each client whose shell channel is open, in the order they got there. */
  readonly accepted$: Observable<SshAccepted>;
  /** Stops listening and cuts whoever is still connected to it (at shutdown, once members are gone). */
  readonly close: () => Promise<void>;
}

export interface SshOptions {
  /** How long a client may take from its TCP connection to an open shell before it is cut (the TLS handshake's timeout). */
  readonly handshakeTimeoutMs: number;
  readonly maxLine: number;
  readonly logger: Logger;
  /** A client that was cut or failed before its shell opened: its addr, and why. */
  readonly failed: (addr: string, why: string) => void;
}

/** Where one client has got to, from its TCP connection to its open shell. */
interface Pending {
  readonly socket: Socket;
  readonly addr: string;
  readonly timer: NodeJS.Timeout;
  name: string;
  key: string | undefined;
  pty: Pty | undefined;
  channel: SshChannelSocket | undefined;
}

/**
 * A public key login is accepted once the client has proved it holds the
 * key: the signature over the session is checked against the key it sent.
 * A key offered without a signature is only a question ("would you take
 * this one?"), answered yes.
 */
const verified = (ctx: AuthContext & { method: 'publickey' }): boolean | 'query' => {
  if (ctx.signature === undefined || ctx.blob === undefined) return 'query';
  const key = utils.parseKey(ctx.key.data);
  return !(key instanceof Error) && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
};

/**
 * `--ssh-port`: the chat for `ssh -p P NAME@HOST`. Any login is accepted
 * (nothing runs here but the chat), `none` refused so the client offers one;
 * one session channel per connection, and in it only a shell (with or
 * without a PTY); exec, subsystems, port forwarding, agent and X11
 * forwarding are refused (ssh2 refuses whatever has no listener here).
 * Until its shell is open a client is nobody: no admission check, no slot,
 * no room event; one that is not there within the handshake timeout is cut.
 */
export const createSshListener = (hostKey: SshHostKey, options: SshOptions): SshListener => {
  const accepted$ = new Subject<SshAccepted>();
  const pending = new Map<string, Pending>();
  const sockets = new Set<Socket>();
  const ssh = new Ssh2Server({ hostKeys: [hostKey.key] });

  // Half-closing is the channel's EOF; the TCP connection ends as a whole.
  const server = createServer({ allowHalfOpen: false }, (socket) => {
    socket.on('error', () => undefined);
    const addr = addrOrDestroy(socket);
    if (addr === undefined) return;
    const timer = setTimeout(() => {
      socket.destroy();
      options.failed(addr, 'timeout');
    }, options.handshakeTimeoutMs);
    pending.set(addr, { socket, addr, timer, name: '', key: undefined, pty: undefined, channel: undefined });
    sockets.add(socket);
    socket.on('close', () => {
      clearTimeout(timer);
      pending.delete(addr);
      sockets.delete(socket);
    });
    ssh.injectSocket(socket);
  });

  ssh.on('connection', (client: SshConnection, info) => {
    const at = pending.get(formatAddr(info.ip, info.port));
    client.on('error', (err: Error) => options.logger.debug({ event: 'sshError', addr: at?.addr, error: err.message }));
    if (at === undefined) {
      client.end();
      return;
    }
    client.on('authentication', (ctx) => {
      if (ctx.method === 'keyboard-interactive' || ctx.method === 'password') {
        at.name = ctx.username;
        at.key = undefined;
        ctx.accept();
        return;
      }
      if (ctx.method !== 'publickey') {
        ctx.reject(METHODS);
        return;
      }
      const proof = verified(ctx);
      if (proof === 'query') {
        ctx.accept();
        return;
      }
      if (!proof) {
        ctx.reject(METHODS);
        return;
      }
      at.name = ctx.username;
      at.key = fingerprint(ctx.key.data);
      options.logger.debug({ event: 'sshKey', addr: at.addr, key: at.key });
      ctx.accept();
    });
    // One session at a time, and none once the shell is open: a session whose exec was refused may be followed by one for the shell.
    let open = false;
    client.on('session', (accept, reject) => {
      if (open || at.channel !== undefined) {
        reject();
        return;
      }
      open = true;
      const session = accept();
      session.on('close', () => {
        open = false;
      });
      sessionOf(session, client, at);
    });
  });

  /** The one session: a PTY if asked for, its window changes, then the shell that makes the client a member. */
  const sessionOf = (session: Session, client: SshConnection, at: Pending): void => {
    session.on('pty', (accept, _reject, info) => {
      at.pty = { columns: info.cols };
      accept?.();
    });
    session.on('window-change', (accept, _reject, info) => {
      at.pty = { columns: info.cols };
      at.channel?.resize(info.cols);
      accept?.();
    });
    session.on('shell', (accept, reject) => {
      if (at.channel !== undefined) {
        reject?.();
        return;
      }
      const channel: ServerChannel = accept();
      clearTimeout(at.timer);
      // One shell per connection: when it closes, so does the connection.
      channel.on('close', () => client.end());
      at.channel = new SshChannelSocket(channel, at.socket, at.pty, options.maxLine);
      accepted$.next({ socket: at.channel, addr: at.addr, transport: 'ssh', name: at.name, keyFingerprint: at.key });
    });
  };

  server.on('close', () => accepted$.complete());
  return {
    server,
    accepted$: accepted$.asObservable(),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        sockets.forEach((socket) => socket.destroy());
      }),
  };
};
