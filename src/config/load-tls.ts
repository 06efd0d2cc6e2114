import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { Config } from './config';
import type { TlsPem } from './tls-pem';

const TOGETHER = '--tls-port, --tls-cert and --tls-key go together';

const readPem = (flag: string, file: string, kind: 'certificate' | 'private key (unencrypted)', parse: (pem: string) => unknown): E.Either<string, string> =>
  pipe(
    E.tryCatch(
      () => readFileSync(file, 'utf8'),
      (err) => `--${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    ),
    E.filterOrElse(
      (pem) => pem.includes('-----BEGIN ') && E.isRight(E.tryCatch(() => parse(pem), String)),
      () => `--${flag}: ${file} is not a PEM ${kind}`,
    ),
  );

/**
 * Reads and checks what the TLS flags name, once at start-up, so a bad value
 * is a bad flag (one line naming it, exit 2) rather than a listener that
 * fails its first client: all three flags or none, each file readable and
 * PEM, and the key the certificate's (node:tls builds a context from them
 * here, as the listener will).
 */
export const loadTls = (config: Config): E.Either<string, Config> => {
  const { tlsPort, tlsCert, tlsKey } = config;
  if (tlsPort === undefined && tlsCert === undefined && tlsKey === undefined) return E.right(config);
  if (tlsPort === undefined) return E.left(`--tls-port: missing; ${TOGETHER}`);
  if (tlsCert === undefined) return E.left(`--tls-cert: missing; ${TOGETHER}`);
  if (tlsKey === undefined) return E.left(`--tls-key: missing; ${TOGETHER}`);
  return pipe(
    E.Do,
    E.bind('cert', () => readPem('tls-cert', tlsCert, 'certificate', (pem) => new X509Certificate(pem))),
    E.bind('key', () => readPem('tls-key', tlsKey, 'private key (unencrypted)', (pem) => createPrivateKey(pem))),
    E.filterOrElse(
      (pem) => E.isRight(E.tryCatch(() => createSecureContext(pem), String)),
      () => `--tls-key: ${tlsKey} is not the key of the certificate in ${tlsCert}`,
    ),
    E.map((pem): Config => ({ ...config, tlsPem: pem })),
  );
};
