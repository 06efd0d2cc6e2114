import { createHmac, randomBytes } from 'node:crypto';

/**
 * --hide-addresses (§15): an `ip:port` shown to users as `~` and 8 hex
 * digits of an HMAC keyed with the server's secret, so the same address
 * always gets the same cloak (across restarts, with the secret kept in the
 * store) and nobody without the secret can reverse or predict one.
 */
export const cloakOf = (secret: Buffer, addr: string): string => `~${createHmac('sha256', secret).update(addr).digest('hex').slice(0, 8)}`;

export const newCloakSecret = (): Buffer => randomBytes(32);
