/**
 * What proves an account is its owner's: a salted scrypt hash of its
 * password (never the password), or an SSH key's SHA-256 fingerprint.
 */
export type Credential = { readonly kind: 'password'; readonly hash: string } | { readonly kind: 'key'; readonly fingerprint: string };
