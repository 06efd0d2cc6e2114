/**
 * npm run replay -- FILE
 * Replays a recording made with `npm start -- --record FILE` in virtual time and
 * checks that the room sends exactly what was recorded. Exit 0 on a match,
 * 1 on the first difference, 2 on a file that cannot be read.
 */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/Either';
import { parseRecording, replay } from '../src/record/replay';

const file = process.argv[2];
if (file === undefined || file.startsWith('-')) {
  process.stderr.write('usage: npm run replay -- FILE\n');
  process.exit(2);
}
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (err) {
  process.stderr.write(`replay: cannot read ${file}: ${(err as Error).message}\n`);
  process.exit(2);
}
const records = parseRecording(text);
if (E.isLeft(records)) {
  process.stderr.write(`replay: ${file}: ${records.left}\n`);
  process.exit(2);
}
const result = replay(records.right);
if (result.ok) {
  process.stdout.write(
    `replay: ${file}: match: ${result.events} events, ${result.outputs} outputs over ${(result.durationMs / 1000).toFixed(1)} s\n`,
  );
  process.exit(0);
}
process.stdout.write(
  `replay: ${file}: differs at record ${result.line ?? '(end of file)'}\n  expected: ${result.expected}\n  got:      ${result.got}\n`,
);
process.exit(1);
