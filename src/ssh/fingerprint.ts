import { createHash } from 'node:crypto';

/** A public key's SHA-256 fingerprint as OpenSSH prints it: `SHA256:` and unpadded base64 of the key's wire blob. */
export const fingerprint = (publicKeyBlob: Buffer): string =>
  `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
