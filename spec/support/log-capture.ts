import { Writable } from 'node:stream';
import pino from 'pino';
import { Logger } from '../../src/observe/logger';

export type LogRecord = Readonly<Record<string, unknown>>;

/** A logger at `level` that keeps every record it writes, parsed, for a test to read. */
export const captureLog = (level = 'debug'): { readonly logger: Logger; readonly records: LogRecord[] } => {
  const records: LogRecord[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') records.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  return { logger: pino({ level }, stream), records };
};
