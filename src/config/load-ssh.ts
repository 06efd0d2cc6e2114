import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { loadOrCreateHostKey } from '../ssh/host-key';
import { Config } from './config';

const TOGETHER = '--ssh-port and --ssh-host-key go together';

/**
 * Reads (or creates) the SSH listener's host key once at start-up, so a bad
 * key file is a bad flag (one line naming it, exit 2) rather than a
 * listener that fails its first client.
 */
export const loadSsh = (config: Config): E.Either<string, Config> => {
  const { sshPort, sshHostKey } = config;
  if (sshPort === undefined && sshHostKey === undefined) return E.right(config);
  if (sshPort === undefined) return E.left(`--ssh-port: missing; ${TOGETHER}`);
  if (sshHostKey === undefined) return E.left(`--ssh-host-key: missing; ${TOGETHER}`);
  return pipe(
    loadOrCreateHostKey(sshHostKey),
    E.map((key): Config => ({ ...config, sshKey: key })),
  );
};
