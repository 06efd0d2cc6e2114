import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { changedFlags } from '../../src/config/changed';
import { Config, defaultConfig } from '../../src/config/config';
import { helpText } from '../../src/config/help';
import { decoded, decodeError } from '../support/decode';
import { loadTls } from '../../src/config/load-tls';
import { parseAddressList } from '../../src/net/cidr';

const config = decoded;
const error = decodeError;

const CERT = join(__dirname, '..', 'fixtures', 'localhost.crt');
const KEY = join(__dirname, '..', 'fixtures', 'localhost.key');
const scratch = mkdtempSync(join(tmpdir(), 'rxchat-tls-'));
const junk = join(scratch, 'junk.pem');
writeFileSync(junk, 'not a pem file\n');
const otherKey = join(scratch, 'other.key');
writeFileSync(otherKey, generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));

describe('the flags for running in public', () => {
  it.each([
    ['max-per-ip', 'CHAT_MAX_PER_IP', '4', { maxPerIp: 4 }],
    ['max-per-ip', 'CHAT_MAX_PER_IP', '0', { maxPerIp: 0 }],
    ['exempt', 'CHAT_EXEMPT', '10.0.0.0/8, 2001:db8::/32', { exempt: parseAddressList('10.0.0.0/8,2001:db8::/32')! }],
    ['exempt', 'CHAT_EXEMPT', 'none', { exempt: parseAddressList('none')! }],
    ['tls-port', 'CHAT_TLS_PORT', '0', { tlsPort: 0 }],
    ['tls-cert', 'CHAT_TLS_CERT', 'cert.pem', { tlsCert: 'cert.pem' }],
    ['tls-key', 'CHAT_TLS_KEY', 'key.pem', { tlsKey: 'key.pem' }],
    ['log-level', 'CHAT_LOG_LEVEL', 'debug', { logLevel: 'debug' }],
    ['log-level', 'CHAT_LOG_LEVEL', 'silent', { logLevel: 'silent' }],
    ['metrics-port', 'CHAT_METRICS_PORT', '9464', { metricsPort: 9464 }],
    ['metrics-host', 'CHAT_METRICS_HOST', '::1', { metricsHost: '::1' }],
  ] as const)('--%s V, --%s=V and %s (%s)', (name, env, value, expected) => {
    const want = { ...defaultConfig, ...expected };
    expect(config([`--${name}`, value])).toEqual(want);
    expect(config([`--${name}=${value}`])).toEqual(want);
    expect(config([], { [env]: value })).toEqual(want);
  });

  it.each([
    [['--max-per-ip', '-1'], '--max-per-ip: expected a whole number of connections, 0 to disable, got "-1"'],
    [['--max-per-ip', 'many'], '--max-per-ip: expected a whole number of connections, 0 to disable, got "many"'],
    [['--exempt', '10.0.0.0/33'], '--exempt: expected comma-separated addresses and CIDR ranges (IPv4 or IPv6), or none, got "10.0.0.0/33"'],
    [['--exempt', 'localhost'], '--exempt: expected comma-separated addresses and CIDR ranges (IPv4 or IPv6), or none, got "localhost"'],
    [['--exempt', '127.0.0.1,'], '--exempt: expected comma-separated addresses and CIDR ranges (IPv4 or IPv6), or none, got "127.0.0.1,"'],
    [['--tls-port', '70000'], '--tls-port: expected an integer from 0 to 65535, got "70000"'],
    [['--tls-cert', ''], '--tls-cert: expected a non-empty value, got ""'],
    [['--log-level', 'verbose'], '--log-level: expected one of debug, info, warn, error, silent, got "verbose"'],
    [['--metrics-port', 'x'], '--metrics-port: expected an integer from 0 to 65535, got "x"'],
    [['--metrics-host', ''], '--metrics-host: expected a non-empty value, got ""'],
  ])('%j → %s', (argv, message) => {
    expect(error(argv)).toBe(message);
  });

  it('names CHAT_EXEMPT when the bad list came from the environment', () => {
    expect(error([], { CHAT_EXEMPT: '1.2.3.4/40' })).toMatch(/^CHAT_EXEMPT: /);
  });

  it('help lists each with its default', () => {
    for (const [flag, value] of [
      ['--max-per-ip N', '32'],
      ['--exempt LIST', '127.0.0.0/8,::1'],
      ['--tls-port P', 'off'],
      ['--tls-cert FILE', 'off'],
      ['--tls-key FILE', 'off'],
      ['--log-level LEVEL', 'info'],
      ['--metrics-port P', 'off'],
      ['--metrics-host H', '127.0.0.1'],
    ] as const) {
      expect(helpText).toMatch(new RegExp(`^  ${flag} .*\\(default ${value.replace(/[.]/g, '\\.')}\\)$`, 'm'));
    }
  });
});

describe('loadTls', () => {
  const tls = (overrides: Partial<Config>): E.Either<string, Config> => loadTls({ ...defaultConfig, ...overrides });

  it('passes a config without TLS through unchanged', () => {
    expect(tls({})).toEqual(E.right(defaultConfig));
  });

  it('reads a matching certificate and key', () => {
    const loaded = tls({ tlsPort: 0, tlsCert: CERT, tlsKey: KEY });
    expect(E.isRight(loaded) && loaded.right.tlsPem?.cert.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
  });

  it.each([
    [{ tlsPort: 0 }, '--tls-cert: missing; --tls-port, --tls-cert and --tls-key go together'],
    [{ tlsPort: 0, tlsCert: CERT }, '--tls-key: missing; --tls-port, --tls-cert and --tls-key go together'],
    [{ tlsCert: CERT, tlsKey: KEY }, '--tls-port: missing; --tls-port, --tls-cert and --tls-key go together'],
    [{ tlsKey: KEY }, '--tls-port: missing; --tls-port, --tls-cert and --tls-key go together'],
    [{ tlsPort: 0, tlsCert: 'no/such.crt', tlsKey: KEY }, '--tls-cert: cannot read no/such.crt: ENOENT'],
    [{ tlsPort: 0, tlsCert: CERT, tlsKey: scratch }, `--tls-key: cannot read ${scratch}: EISDIR`],
    [{ tlsPort: 0, tlsCert: junk, tlsKey: KEY }, `--tls-cert: ${junk} is not a PEM certificate`],
    [{ tlsPort: 0, tlsCert: KEY, tlsKey: KEY }, `--tls-cert: ${KEY} is not a PEM certificate`],
    [{ tlsPort: 0, tlsCert: CERT, tlsKey: CERT }, `--tls-key: ${CERT} is not a PEM private key (unencrypted)`],
    [{ tlsPort: 0, tlsCert: CERT, tlsKey: otherKey }, `--tls-key: ${otherKey} is not the key of the certificate in ${CERT}`],
  ] as const)('%j → %s', (overrides, message) => {
    expect(tls(overrides)).toEqual(E.left(message));
  });
});

describe('changedFlags', () => {
  it('lists the flags that differ from their defaults, as they were spelled', () => {
    expect(changedFlags(defaultConfig)).toEqual({});
    expect(
      changedFlags(config(['--port', '0', '--exempt', 'none', '--max-per-ip', '32', '--tls-cert', 'c.pem', '--log-level', 'debug'], { CHAT_OP_PASSWORD: 'sekrit' })),
    ).toEqual({ port: '0', exempt: 'none', 'tls-cert': 'c.pem', 'log-level': 'debug' });
  });

  it('never holds the operator password, which is no flag', () => {
    expect(JSON.stringify(changedFlags({ ...defaultConfig, opPassword: 'sekrit', opPasswordFile: '/etc/rxchat/op' }))).not.toContain('sekrit');
  });
});
