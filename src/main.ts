import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { startChatServer } from './chat-server';
import { decodeConfig, Invocation } from './config/decode';
import { loadFiles } from './config/load-files';
import { helpText } from './config/help';
import { Config } from './config/config';
import { RecordFileError } from './record/recorder';
import { releaseMemoryWhenQuiet } from './release-memory';

/** The only place that reads argv and env, listens, and exits. */
const run = async (config: Config): Promise<void> => {
  const chat = await startChatServer(config).catch((err: NodeJS.ErrnoException) => {
    if (err instanceof RecordFileError) {
      process.stderr.write(`rxchat: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`rxchat: cannot listen on ${config.host}:${config.port}: ${err.code ?? err.message}\n`);
    process.exit(1);
  });
  const host = chat.host.includes(':') ? `[${chat.host}]` : chat.host;
  process.stdout.write(`listening on ${host}:${chat.port}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void chat.shutdown().then(() => process.exit(0));
  };
  releaseMemoryWhenQuiet();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  whenLauncherDies(stop);
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
    if (currentParent() !== launcher) stop();
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
