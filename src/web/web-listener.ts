import { map } from 'rxjs';
import { Accepted } from '../net/accept';
import { formatAddr } from '../net/addr';
import { Listener, listenOn } from '../net/listener';
import { webMaxPayload, webServer } from './web-server';

/**
 * `--web-port` as a Listener, or nothing without it: the chat page and its
 * WebSocket, each browser's WebSocket accepted as a byte stream.
 */
export const webListener = ({
  host,
  webPort,
  webOrigin,
  maxLine,
}: {
  readonly host: string;
  readonly webPort: number | undefined;
  readonly webOrigin: readonly string[];
  readonly maxLine: number;
}): Listener | undefined => {
  if (webPort === undefined) return undefined;
  const web = webServer({ origins: webOrigin, maxPayload: webMaxPayload(maxLine) });
  return {
    transport: 'web',
    accepted$: web.clients$.pipe(map(({ socket, ip, port }): Accepted => ({ socket, addr: formatAddr(ip, port), transport: 'web' }))),
    listen: (onAcceptError) => listenOn(web.server, webPort, host, onAcceptError),
    close: web.close,
  };
};
