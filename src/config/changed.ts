import { Config, defaultConfig } from './config';
import { flags } from './flags';

/**
 * The flags whose values differ from their defaults, each as its codec
 * spells it (`{ "max-per-ip": "4", "tls-cert": "/etc/…/fullchain.pem" }`),
 * for the start-up log. Only flags are listed: the operator password is
 * not one (it comes from CHAT_OP_PASSWORD or a file), so it never appears.
 */
export const changedFlags = (config: Config): Record<string, string> => {
  const changed: Record<string, string> = {};
  for (const flag of flags) {
    const value = config[flag.key];
    if (value === undefined) continue;
    const spelled = flag.codec.encode(value);
    const original = defaultConfig[flag.key];
    if (original === undefined || spelled !== flag.codec.encode(original)) changed[flag.name] = spelled;
  }
  return changed;
};
