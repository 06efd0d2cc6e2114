import { createWriteStream, openSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Config } from '../config/config';
import { Effect } from '../room/effects';
import { ClientId, RoomEvent } from '../room/events';
import { effectsToRecords, eventToRecord } from './convert';
import { RecordLine } from './records';

export interface Recorder {
  /** Called with each event just before the room folds it. */
  readonly event: (event: RoomEvent) => void;
  /** Called with the effects of that event. */
  readonly effects: (effects: readonly Effect[]) => void;
  readonly close: () => Promise<void>;
}

/** The `--record` file cannot be opened: a bad flag value, said before listening. */
export class RecordFileError extends Error {}

/** Opens now, so a bad path is refused at start-up instead of losing the session. */
const openForRecording = (file: string): number => {
  try {
    return openSync(file, 'w');
  } catch (err) {
    throw new RecordFileError(`--record: cannot open ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
};

/**
 * Writes a session as JSON Lines for `npm run replay`. It stores chat text,
 * so it is off unless asked for.
 */
export const startRecorder = (file: string, config: Config): Recorder => {
  const out = createWriteStream('', { fd: openForRecording(file) });
  out.on('error', (err) => process.stderr.write(`rxchat: recording stopped: ${err.message}\n`));
  const start = performance.now();
  const now = (): number => Math.round((performance.now() - start) * 1000) / 1000;
  const write = (record: RecordLine): void => {
    out.write(`${JSON.stringify(record)}\n`);
  };
  const addrs = new Map<ClientId, string>();
  const addrOf = (id: ClientId): string => addrs.get(id) ?? '?';
  let leaving: ClientId | undefined;

  const { maxClients, maxLine, idleTimeout, lang, rate, history, motd, opAccounts } = config;
  write({ t: 0, kind: 'start', config: { maxClients, maxLine, idleTimeout, lang, rate, history, motd: [...motd], opAccounts: [...opAccounts] } });

  return {
    event: (event) => {
      if (event.type === 'connected') addrs.set(event.id, event.addr);
      write(eventToRecord(event, now(), addrOf));
      // A client's `closed` is the last event it can cause; forget it after its effects.
      leaving = event.type === 'closed' ? event.id : undefined;
    },
    effects: (effects) => {
      const t = now();
      for (const record of effectsToRecords(effects, t, addrOf)) write(record);
      if (leaving !== undefined) addrs.delete(leaving);
    },
    close: () => new Promise((resolve) => out.end(() => resolve())),
  };
};
