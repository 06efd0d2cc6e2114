import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flags } from '../../src/config/flags';
import { FLAGS_BEGIN, FLAGS_END, flagsTable, withFlagsTable } from '../../src/config/flags-markdown';
import { helpText } from '../../src/config/help';

const operatorGuide = readFileSync(join(__dirname, '..', '..', 'docs', 'OPERATOR.md'), 'utf8');

describe('the flags table of docs/OPERATOR.md', () => {
  it('is what npm run docs:flags writes from the flag definitions (run it after changing a flag)', () => {
    const begin = operatorGuide.indexOf(FLAGS_BEGIN);
    const end = operatorGuide.indexOf(FLAGS_END);
    expect(begin, 'docs/OPERATOR.md lost its flags:begin marker').toBeGreaterThan(0);
    expect(end, 'docs/OPERATOR.md lost its flags:end marker').toBeGreaterThan(begin);
    const section = operatorGuide.slice(begin + FLAGS_BEGIN.length, end);
    expect(section, 'docs/OPERATOR.md is out of date with src/config/flags.ts: run npm run docs:flags').toBe(`\n${flagsTable()}\n`);
    expect(withFlagsTable(operatorGuide)).toBe(operatorGuide);
  });

  it('has one row per flag --help lists, in its order, with its variable and default', () => {
    const rows = flagsTable().split('\n').slice(2);
    const inHelp = [...helpText.matchAll(/^ {2}--([a-z-]+) /gm)].map((m) => m[1]).filter((name) => name !== 'help');
    expect(rows.map((row) => /^\| `--([a-z-]+) /.exec(row)?.[1])).toEqual(inHelp);
    expect(rows).toHaveLength(flags.length);
    expect(rows[0]).toBe('| `--host H` | `CHAT_HOST` | `127.0.0.1` | address to listen on |');
    expect(rows.find((row) => row.startsWith('| `--lang'))).toBe('| `--lang en\\|zh` | `CHAT_LANG` | `en` | language of the fixed texts |');
    expect(rows.find((row) => row.startsWith('| `--tls-port'))).toMatch(/^\| `--tls-port P` \| `CHAT_TLS_PORT` \| off \| /);
    expect(rows.find((row) => row.startsWith('| `--web-origin'))).toMatch(/^\| `--web-origin ORIGINS` \| `CHAT_WEB_ORIGIN` \| none \| /);
  });

  it('is found only between its markers: a document without them is refused', () => {
    expect(withFlagsTable('# no table here\n')).toBeUndefined();
    expect(withFlagsTable(`a\n${FLAGS_BEGIN}\nstale\n${FLAGS_END}\nb\n`)).toBe(`a\n${FLAGS_BEGIN}\n${flagsTable()}\n${FLAGS_END}\nb\n`);
  });
});
