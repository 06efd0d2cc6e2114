/**
 * npm run fold-cost [-- --lines N]
 *
 * What the room's fold alone costs a chat line, with history off and on: the
 * real reducer, 100 members in #lobby, 10 of them sending N lines of 64
 * characters, timed in nanoseconds a line, three times each, alternating.
 * No sockets, no rendering of output: the pure step from one state to the
 * next, where history's cost is (a slot in the room's history, and a new
 * state, rooms array and room). A figure of this machine at this moment;
 * `npm run instructions` counts the whole server's path.
 */
import { option } from './args';
import { en } from '../src/i18n/en';
import { connected, line } from '../src/room/events';
import { reducer } from '../src/room/reducer';
import { ChatState, initialState } from '../src/room/state';

const lines = Number(option('lines') ?? 300_000);

const nsPerLine = (history: number): number => {
  const step = reducer({ messages: en, maxClients: 1000, maxLine: 4096, idleTimeout: 0, rate: 0, history, motd: [] });
  let state: ChatState = initialState;
  for (let id = 1; id <= 100; id++) state = step(state, connected(id, `127.0.0.1:${1000 + id}`), 0)[0];
  const texts = Array.from({ length: 64 }, (_, i) => `message ${String(i).padStart(2, '0')} ${'x'.repeat(53)}`);
  const began = process.hrtime.bigint();
  for (let i = 0; i < lines; i++) state = step(state, line(1 + (i % 10), texts[i % 64]!), i)[0];
  return Number(process.hrtime.bigint() - began) / lines;
};

const runs: Record<number, number[]> = { 0: [], 20: [] };
for (let round = 0; round < 3; round++) for (const history of [0, 20]) runs[history]!.push(nsPerLine(history));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!;
console.log(`the fold, ${lines.toLocaleString('en-US')} chat lines into a room of 100, ns a line (three runs, median):`);
for (const history of [0, 20]) console.log(`  --history ${String(history).padEnd(2)} ${runs[history]!.map((ns) => ns.toFixed(0)).join(' ')}  median ${median(runs[history]!).toFixed(0)}`);
console.log(`  history costs ${(median(runs[20]!) - median(runs[0]!)).toFixed(0)} ns a line`);
