import { en } from '../../src/i18n/en';
import { Effect } from '../../src/room/effects';
import { ClientId, RoomEvent } from '../../src/room/events';
import { reducer, RoomConfig } from '../../src/room/reducer';
import { emptyRoom, RoomState } from '../../src/room/state';

export const testRoomConfig: RoomConfig = { messages: en, maxClients: 3, maxLine: 4096, idleTimeout: 600, rate: 10 };

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
        return [];
    }
  });

/** Folds events from `start` and returns the final state and each step's expanded effects. */
export const fold = (
  events: readonly RoomEvent[],
  config: RoomConfig = testRoomConfig,
  start: RoomState = emptyRoom,
): { state: RoomState; steps: string[][] } => {
  const step = reducer(config);
  let state = start;
  const steps: string[][] = [];
  for (const event of events) {
    const [next, effects] = step(state, event);
    state = next;
    steps.push(expand(effects));
  }
  return { state, steps };
};

export const addrOf = (id: ClientId): string => `10.0.0.${id}:500${id}`;
export const tagOf = (id: ClientId, name = addrOf(id)): string => `[${addrOf(id)}]${name}`;
