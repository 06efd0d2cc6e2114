import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { connected, RoomEvent } from '../../src/room/events';
import { reducer, Step } from '../../src/room/reducer';
import { ChatState, initialState } from '../../src/room/state';
import { testRoomConfig } from '../support/room-harness';

/** Folds the events with a room of at most two, and returns the last step. */
const lastStep = (events: readonly RoomEvent[], at = 0): Step => {
  const step = reducer({ ...testRoomConfig, maxClients: 2 });
  let result: Step = [initialState, []];
  let state: ChatState = initialState;
  for (const event of events) {
    result = step(state, event, at);
    state = result[0];
  }
  return result;
};

describe("the room's answer to an arrival", () => {
  it('names no refusal when the connection joins', () => {
    const [state, effects, refusal] = lastStep([connected(1, '10.0.0.1:5000')]);
    expect(state.ids).toEqual([1]);
    expect(effects.length).toBeGreaterThan(0);
    expect(refusal).toBeUndefined();
  });

  it('says who was turned away because the server is full, besides telling and closing it', () => {
    const [state, effects, refusal] = lastStep([connected(1, '10.0.0.1:5000'), connected(2, '10.0.0.2:5000'), connected(3, '10.0.0.3:5000')]);
    expect(state.ids).toEqual([1, 2]);
    expect(effects).toEqual([
      { type: 'send', to: 3, line: `!!! ${en.serverFull(2)}` },
      { type: 'close', to: 3, mode: 'flush' },
    ]);
    expect(refusal).toEqual({ id: 3, addr: '10.0.0.3:5000', cause: 'full' });
  });

  it('says who was turned away because its address is banned (a race with the gate), ahead of full', () => {
    const step = reducer({ ...testRoomConfig, maxClients: 1 });
    const banned: ChatState = { ...step(initialState, connected(1, '10.0.0.1:5000'), 0)[0], bans: [{ ip: '10.0.0.9', until: 60_000 }] };
    const [state, effects, refusal] = step(banned, connected(9, '10.0.0.9:6000'), 1000);
    expect(state).toBe(banned);
    expect(effects).toEqual([
      { type: 'send', to: 9, line: `!!! ${en.youAreBanned}` },
      { type: 'close', to: 9, mode: 'flush' },
    ]);
    expect(refusal).toEqual({ id: 9, addr: '10.0.0.9:6000', cause: 'banned' });
  });
});
