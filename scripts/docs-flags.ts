/**
 * npm run docs:flags
 * Writes the flags table of docs/OPERATOR.md from the flag definitions in
 * src/config/flags.ts (the ones --help prints). Run it after adding or
 * changing a flag; spec/config/flags-doc.spec.ts fails until then.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLAGS_BEGIN, FLAGS_END, withFlagsTable } from '../src/config/flags-markdown';

const file = join(__dirname, '..', 'docs', 'OPERATOR.md');
const doc = readFileSync(file, 'utf8');
const next = withFlagsTable(doc);
if (next === undefined) {
  process.stderr.write(`docs:flags: docs/OPERATOR.md has no ${FLAGS_BEGIN} … ${FLAGS_END} section\n`);
  process.exit(1);
}
if (next === doc) process.stdout.write('docs/OPERATOR.md: flags table already up to date\n');
else {
  writeFileSync(file, next);
  process.stdout.write('docs/OPERATOR.md: flags table written\n');
}
