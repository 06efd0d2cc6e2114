import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { startChatServer } from './chat-server';
import { decodeConfig, Invocation } from './config/decode';
import { loadFiles } from './config/load-files';
import { loadTls } from './config/load-tls';
import { loadSsh } from './config/load-ssh';
import { changedFlags } from './config/changed';
import { stderrLog } from './observe/logger';
import { helpText } from './config/help';
import { Config } from './config/config';
import { RecordFileError } from './record/recorder';
import { StoreOpenError } from './store/store';
import { ClusterStartError } from './cluster/cluster-start-error';
import { releaseMemoryWhenQuiet } from './release-memory';

/** Why listening failed, for a person to act on; what an errno code means, rather than the code. */
const LISTEN_ERRORS: Readonly<Record<string, (port: number) => string>> = {
  EADDRINUSE: () => 'address already in use (is another rxchat running? pick another --port)',
  EACCES: (port) => `permission denied${port > 0 && port < 1024 ? ' (ports below 1024 need root or CAP_NET_BIND_SERVICE; pick another --port)' : ''}`,
  EADDRNOTAVAIL: () => 'address not available (--host must be an address of this machine)',
  ENOTFOUND: () => 'no such host (check --host)',
  EAI_AGAIN: () => 'host name lookup failed (check --host)',
  EAFNOSUPPORT: () => 'address family not supported here (check --host)',
};

/** `rxchat: cannot listen on HOST:PORT: REASON`, one line. */
const listenFailure = (host: string, port: number, err: NodeJS.ErrnoException): string => {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const reason = LISTEN_ERRORS[err.code ?? '']?.(port) ?? err.message.split('\n')[0];
  return `rxchat: cannot listen on ${where}: ${reason}`;
};

/** The only place that reads argv and env, listens, and exits. */
const run = async (config: Config): Promise<void> => {
  const log = stderrLog(config.logLevel);
  const chat = await startChatServer(config, { logger: log.logger }).catch((err: NodeJS.ErrnoException) => {
    if (err instanceof RecordFileError || err instanceof StoreOpenError) {
      process.stderr.write(`rxchat: ${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof ClusterStartError) {
      process.stderr.write(`rxchat: ${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`${listenFailure(config.host, config.port, err)}\n`);
    process.exit(1);
  });
  const host = chat.host.includes(':') ? `[${chat.host}]` : chat.host;
  process.stdout.write(`listening on ${host}:${chat.port}\n`);
  if (chat.tlsPort !== undefined) process.stdout.write(`listening on ${host}:${chat.tlsPort} (tls)\n`);
  if (chat.webPort !== undefined) process.stdout.write(`listening on http://${host}:${chat.webPort}/ (web)\n`);
  if (chat.sshPort !== undefined) process.stdout.write(`listening on ${host}:${chat.sshPort} (ssh)\n`);
  if (chat.ircPort !== undefined) process.stdout.write(`listening on ${host}:${chat.ircPort} (irc)\n`);
  const metricsHost = config.metricsHost.includes(':') ? `[${config.metricsHost}]` : config.metricsHost;
  log.logger.info({
    event: 'start',
    listeners: {
      tcp: `${host}:${chat.port}`,
      ...(chat.tlsPort === undefined ? {} : { tls: `${host}:${chat.tlsPort}` }),
      ...(chat.webPort === undefined ? {} : { web: `http://${host}:${chat.webPort}/` }),
      ...(chat.sshPort === undefined ? {} : { ssh: `${host}:${chat.sshPort}` }),
      ...(chat.ircPort === undefined ? {} : { irc: `${host}:${chat.ircPort}` }),
      ...(chat.metricsPort === undefined ? {} : { metrics: `http://${metricsHost}:${chat.metricsPort}/metrics` }),
    },
    flags: changedFlags(config),
    ...(config.sshKey === undefined ? {} : { sshHostKey: config.sshKey.fingerprint, sshHostKeyCreated: config.sshKey.created }),
    node: process.version,
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.logger.info({ event: 'shutdown', signal });
    void chat
      .shutdown()
      .then(() => {
        log.logger.info({ event: 'stopped' });
        return log.close();
      })
      .then(() => process.exit(0));
  };
  releaseMemoryWhenQuiet();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  whenLauncherDies(() => stop('launcher gone'));
};

/**
 * `npm start` does not pass SIGTERM on to the server: npm dies and the
 * server would live on, orphaned. When started by npm, treat the launcher's
 * death as a SIGTERM.
 */
const whenLauncherDies = (stop: () => void): void => {
  const launcher = currentParent();
  if (process.env.npm_lifecycle_event === undefined || launcher === undefined) return;
  setInterval(() => {
    // Unreadable (out of file descriptors, say) tells nothing about the launcher.
    const parent = currentParent();
    if (parent !== undefined && parent !== launcher) stop();
  }, 250).unref();
};

/** process.ppid is fixed at start-up; Linux's /proc tells the parent now. Elsewhere: undefined. */
const currentParent = (): number | undefined => {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
};

pipe(
  decodeConfig(process.argv.slice(2), process.env),
  E.flatMap(
    (parsed): E.Either<string, Invocation> =>
      parsed.kind === 'run' ? pipe(loadFiles(parsed.config, process.env), E.map((config) => ({ kind: 'run', config }))) : E.right(parsed),
  ),
  E.flatMap((parsed): E.Either<string, Invocation> => (parsed.kind === 'run' ? pipe(loadTls(parsed.config), E.map((config) => ({ kind: 'run', config }))) : E.right(parsed))),
  E.flatMap((parsed): E.Either<string, Invocation> => (parsed.kind === 'run' ? pipe(loadSsh(parsed.config), E.map((config) => ({ kind: 'run', config }))) : E.right(parsed))),
  E.match(
    (error) => {
      process.stderr.write(`rxchat: ${error}\n`);
      process.exit(2);
    },
    (parsed) => {
      if (parsed.kind === 'help') process.stdout.write(helpText.endsWith('\n') ? helpText : `${helpText}\n`);
      else void run(parsed.config);
    },
  ),
);
