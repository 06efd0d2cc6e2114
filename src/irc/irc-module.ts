import { Config } from '../config/config';
import { Listener } from '../net/listener';
import { ChatState } from '../room/state';
import { IrcOptions, ircListener as listener } from './irc-listener';
import { nameCheck } from './name-check';

/** The `--irc-port` listener as one of the server's ways in (src/net/listener.ts), its nicks judged on the room's latest state. */
export const ircListener = (
  config: Pick<Config, 'host' | 'ircPort' | 'maxLine' | 'lang' | 'idleTimeout'>,
  { state, ...options }: Omit<IrcOptions, 'nameCheck'> & { readonly state: () => ChatState },
): Listener => listener(config, { ...options, nameCheck: (name) => nameCheck(state(), name) });
