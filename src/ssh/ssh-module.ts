import { Config } from '../config/config';
import { Listener, listenOn } from '../net/listener';
import { Logger } from '../observe/logger';
import { Tally } from '../observe/tally';
import { SshHostKey } from './host-key';
import { createSshListener } from './ssh-listener';

/** The `--ssh-port` listener as one of the server's ways in (src/net/listener.ts). */
export const sshListener = (
  { host, sshPort, maxLine }: Pick<Config, 'host' | 'sshPort' | 'maxLine'>,
  hostKey: SshHostKey,
  { handshakeTimeoutMs, tally, logger }: { readonly handshakeTimeoutMs: number; readonly tally: Tally; readonly logger: Logger },
): Listener => {
  const ssh = createSshListener(hostKey, {
    handshakeTimeoutMs,
    maxLine,
    logger,
    failed: (addr, why) => {
      tally.sshHandshakeFailures++;
      logger.debug({ event: 'sshFailed', addr, why });
    },
  });
  return { transport: 'ssh', accepted$: ssh.accepted$, listen: (onAcceptError) => listenOn(ssh.server, sshPort!, host, onAcceptError), close: ssh.close };
};
