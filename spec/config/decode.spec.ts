import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { Config, defaultConfig } from '../../src/config/config';
import { decodeConfig } from '../../src/config/decode';
import { helpText } from '../../src/config/help';
import { decoded, decodeError } from '../support/decode';

const config = decoded;
const error = decodeError;

describe('decodeConfig', () => {
  it('gives the defaults with no flags', () => {
    expect(config([])).toEqual(defaultConfig);
    expect(defaultConfig).toEqual({
      host: '127.0.0.1',
      port: 8080,
      idleTimeout: 600,
      maxLine: 4096,
      maxClients: 10000,
      rate: 10,
      burst: 50,
      maxBacklog: 1048576,
      lang: 'en',
      record: undefined,
      history: 20,
      opPasswordFile: undefined,
      motdFile: undefined,
      opPassword: undefined,
      motd: [],
      maxPerIp: 32,
      exempt: { text: '127.0.0.0/8,::1', ranges: [{ base: 0xffff7f000000n, bits: 104 }, { base: 1n, bits: 128 }] },
      tlsPort: undefined,
      tlsCert: undefined,
      tlsKey: undefined,
      tlsPem: undefined,
      logLevel: 'info',
      metricsPort: undefined,
      metricsHost: '127.0.0.1',
      webPort: undefined,
      webOrigin: [],
      redis: undefined,
      cluster: 'rxchat',
      opAccounts: [],
      hideAddresses: false,
      data: undefined,
      keep: 1000,
    });
  });

  const every: ReadonlyArray<readonly [string, string, string, Partial<Config>]> = [
    ['host', 'CHAT_HOST', '::1', { host: '::1' }],
    ['port', 'CHAT_PORT', '0', { port: 0 }],
    ['web-port', 'CHAT_WEB_PORT', '0', { webPort: 0 }],
    ['web-origin', 'CHAT_WEB_ORIGIN', 'https://Chat.example.org, http://localhost:3000', { webOrigin: ['https://chat.example.org', 'http://localhost:3000'] }],
    ['history', 'CHAT_HISTORY', '0', { history: 0 }],
    ['redis', 'CHAT_REDIS', 'redis://127.0.0.1:6380', { redis: 'redis://127.0.0.1:6380' }],
    ['cluster', 'CHAT_CLUSTER', 'chat-eu.1', { cluster: 'chat-eu.1' }],
    ['idle-timeout', 'CHAT_IDLE_TIMEOUT', '0.5', { idleTimeout: 0.5 }],
    ['max-line', 'CHAT_MAX_LINE', '512', { maxLine: 512 }],
    ['max-clients', 'CHAT_MAX_CLIENTS', '3', { maxClients: 3 }],
    ['rate', 'CHAT_RATE', '0', { rate: 0 }],
    ['burst', 'CHAT_BURST', '7', { burst: 7 }],
    ['max-backlog', 'CHAT_MAX_BACKLOG', '1000', { maxBacklog: 1000 }],
    ['lang', 'CHAT_LANG', 'zh', { lang: 'zh' }],
    ['record', 'CHAT_RECORD', 'session.jsonl', { record: 'session.jsonl' }],
  ];

  it.each(every)('--%s V, --%s=V and %s', (name, env, value, expected) => {
    const want = { ...defaultConfig, ...expected };
    expect(config([`--${name}`, value])).toEqual(want);
    expect(config([`--${name}=${value}`])).toEqual(want);
    expect(config([], { [env]: value })).toEqual(want);
  });

  it('lets a flag win over the environment, and the last repeated flag win', () => {
    expect(config(['--port', '9'], { CHAT_PORT: '8' }).port).toBe(9);
    expect(config(['--port', '9', '--port=10']).port).toBe(10);
    expect(config([], { CHAT_PORT: '' }).port).toBe(8080);
  });

  it.each([
    [['--port', 'abc'], '--port: expected an integer from 0 to 65535, got "abc"'],
    [['--port', '65536'], '--port: expected an integer from 0 to 65535, got "65536"'],
    [['--port', '-1'], '--port: expected an integer from 0 to 65535, got "-1"'],
    [['--port', ' 5'], '--port: expected an integer from 0 to 65535, got " 5"'],
    [['--port', '0x10'], '--port: expected an integer from 0 to 65535, got "0x10"'],
    [['--max-line', '0'], '--max-line: expected a whole number of bytes, at least 1, got "0"'],
    [['--max-line', '1.5'], '--max-line: expected a whole number of bytes, at least 1, got "1.5"'],
    [['--max-clients', '1e3'], '--max-clients: expected a whole number of clients, at least 1, got "1e3"'],
    [['--burst', '99999999999999999999'], '--burst: expected a whole number of lines, at least 1, got "99999999999999999999"'],
    [['--rate', 'Infinity'], '--rate: expected a non-negative decimal number, got "Infinity"'],
    [['--idle-timeout', '-1'], '--idle-timeout: expected a non-negative decimal number, got "-1"'],
    [['--idle-timeout', '.5'], '--idle-timeout: expected a non-negative decimal number, got ".5"'],
    [['--history', '-1'], '--history: expected an integer from 0 to 100000, got "-1"'],
    [['--redis', '127.0.0.1:6379'], '--redis: expected a Redis URL such as redis://127.0.0.1:6379, got "127.0.0.1:6379"'],
    [['--cluster', 'a b'], '--cluster: expected 1-64 letters, digits, _ - ., got "a b"'],
    [['--web-origin', 'chat.example.org'], '--web-origin: expected comma-separated origins such as https://chat.example.org, got "chat.example.org"'],
    [['--web-origin', 'https://a.org/path'], '--web-origin: expected comma-separated origins such as https://chat.example.org, got "https://a.org/path"'],
    [['--idle-timeout', '5.'], '--idle-timeout: expected a non-negative decimal number, got "5."'],
    [['--lang', 'fr'], '--lang: expected one of en, zh, got "fr"'],
    [['--host', ''], '--host: expected a non-empty value, got ""'],
    [['--bogus'], '--bogus: unknown flag (see --help)'],
    [['--port'], '--port: missing value'],
    [['foo'], 'unexpected argument "foo" (see --help)'],
  ])('%j → %s', (argv, message) => {
    expect(error(argv)).toBe(message);
  });

  it('names the variable when the bad value came from the environment', () => {
    expect(error([], { CHAT_RATE: 'fast' })).toBe('CHAT_RATE: expected a non-negative decimal number, got "fast"');
    expect(error(['--rate', '1'], { CHAT_PORT: 'x' })).toBe('CHAT_PORT: expected an integer from 0 to 65535, got "x"');
  });

  it('asks for help with --help or -h, whatever else is there', () => {
    expect(decodeConfig(['--help'], {})).toEqual(E.right({ kind: 'help' }));
    expect(decodeConfig(['--port', '1', '-h'], {})).toEqual(E.right({ kind: 'help' }));
  });

  it('help lists every flag with its default', () => {
    for (const [flag, value] of [
      ['--host H', '127.0.0.1'],
      ['--port P', '8080'],
      ['--idle-timeout S', '600'],
      ['--max-line BYTES', '4096'],
      ['--max-clients M', '10000'],
      ['--rate LINES_PER_S', '10'],
      ['--burst LINES', '50'],
      ['--max-backlog BYTES', '1048576'],
      ['--lang en|zh', 'en'],
      ['--record FILE', 'off'],
    ] as const) {
      expect(helpText).toMatch(new RegExp(`^  ${flag.replace('|', '\\|')} .*\\(default ${value}\\)$`, 'm'));
    }
  });
});
