import { en } from '../../src/i18n/en';
import { Effect, LogEntry } from '../../src/room/effects';
import { ClientId, RoomEvent } from '../../src/room/events';
import { reducer, RoomConfig } from '../../src/room/reducer';
import { ChatState, initialState } from '../../src/room/state';

export const testRoomConfig: RoomConfig = { messages: en, maxClients: 3, maxLine: 4096, idleTimeout: 600, rate: 10, history: 20, motd: [] };

/** What effects mean to the clients: `to <- line` and `close to (mode)`, in order. */
export const expand = (effects: readonly Effect[]): string[] =>
  effects.flatMap((effect) => {
    switch (effect.type) {
      case 'send':
        return [`${effect.to} <- ${effect.line}`];
      case 'broadcast':
        return effect.to.filter((id) => id !== effect.except).map((id) => `${id} <- ${effect.line}`);
      case 'close':
        return [`close ${effect.to} (${effect.mode})`];
      case 'log':
      case 'store':
        return [];
      case 'readHistory':
        return [`${effect.to} <- (the store's last ${effect.count} lines of ${effect.room})`];
    }
  });

/** An event folded at a given time (ms); untimed events keep the time of the one before (0 at first). */
export interface Timed {
  readonly at: number;
  readonly event: RoomEvent;
}
export const at = (ms: number, event: RoomEvent): Timed => ({ at: ms, event });

/** Folds events from `start` and returns the final state and each step's expanded effects. */
export const fold = (
  events: readonly (RoomEvent | Timed)[],
  config: RoomConfig = testRoomConfig,
  start: ChatState = initialState,
): { state: ChatState; steps: string[][]; logs: LogEntry[][] } => {
  const step = reducer(config);
  let state = start;
  let now = 0;
  const steps: string[][] = [];
  const logs: LogEntry[][] = [];
  for (const item of events) {
    const event = 'event' in item ? item.event : item;
    now = 'event' in item ? item.at : now;
    const [next, effects] = step(state, event, now);
    state = next;
    steps.push(expand(effects));
    logs.push(effects.flatMap((e) => (e.type === 'log' ? [e.entry] : [])));
  }
  return { state, steps, logs };
};

export const addrOf = (id: ClientId): string => `10.0.0.${id}:500${id}`;
export const tagOf = (id: ClientId, name = addrOf(id)): string => `[${addrOf(id)}]${name}`;
