import { LoadParams } from './load';

export interface Scenario {
  readonly name: string;
  readonly what: string;
  readonly params: LoadParams;
  /** Rounds per server when not the default (a memory reading needs one). */
  readonly rounds?: number;
  /**
   * Why the reference server is left out of this scenario in the default run
   * (its figure is not needed for the target); naming the scenario runs both.
   */
  readonly referenceOnRequest?: string;
  /**
   * Compare with rxchat itself under these parameters instead of with the
   * reference server (which has no WebSocket gateway).
   */
  readonly baseline?: { readonly label: string; readonly params: LoadParams };
}

const FANOUT_100: LoadParams = { clients: 100, senders: 10, messages: 3000, window: 4, lineBytes: 64, warmup: 1000 };

export const scenarios = (quick: boolean): Scenario[] =>
  quick
    ? [
        { name: 'fanout-quick', what: '20 clients, 4 senders, W=4', params: { clients: 20, senders: 4, messages: 100, window: 4, lineBytes: 64, warmup: 20 } },
        { name: 'steady-quick', what: '20 clients, 200 msg/s for 1 s', params: { clients: 20, senders: 4, messages: 0, window: 0, rate: 200, seconds: 1, lineBytes: 64, warmup: 20 } },
      ]
    : [
        { name: 'fanout-100', what: '100 clients, 10 senders, W=4, 64-byte lines', params: FANOUT_100 },
        {
          name: 'mixed-100',
          what: 'fanout-100 with every other client (5 of the senders too) on the WebSocket gateway',
          params: { ...FANOUT_100, web: 50 },
          baseline: { label: 'all-TCP', params: FANOUT_100 },
        },
        { name: 'fanout-1000', what: '1000 clients, 10 senders, W=4, 64-byte lines', params: { clients: 1000, senders: 10, messages: 300, window: 4, lineBytes: 64, warmup: 100 } },
        { name: 'steady-1000', what: '1000 msg/s for 5 s into 100 clients', params: { clients: 100, senders: 10, messages: 0, window: 0, rate: 1000, seconds: 5, lineBytes: 64, warmup: 500 } },
        { name: 'idle-2000', what: '2,000 idle connections', params: { clients: 2000, senders: 0, messages: 0, window: 0, lineBytes: 64, idleOnly: true }, rounds: 1 },
        {
          name: 'idle-10000',
          what: '10,000 idle connections',
          params: { clients: 10_000, senders: 0, messages: 0, window: 0, lineBytes: 64, idleOnly: true },
          rounds: 1,
          // It writes each of the 10,000 join notices to every member, one system call each.
          referenceOnRequest: 'its join storm takes minutes; --scenario idle-10000 runs it',
        },
      ];
