import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { startChatServer } from './chat-server';
import { decodeConfig } from './config/decode';
import { helpText } from './config/help';
import { Config } from './config/config';

/** The only place that reads argv and env, listens, and exits. */
const run = async (config: Config): Promise<void> => {
  const chat = await startChatServer(config).catch((err: NodeJS.ErrnoException) => {
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
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

pipe(
  decodeConfig(process.argv.slice(2), process.env),
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
