import { absurd } from 'fp-ts/function';
import { identity, map, Observable, of, timeout } from 'rxjs';
import { between } from './between';
import * as ev from './events';
import { ClientId, RoomEvent } from './events';

/**
 * What one client's input looks like to the room, once framed and paced. The
 * connection also reports here, in order with the lines, that its output
 * backlog passed the limit.
 */
export type Input =
  | { readonly type: 'line'; readonly text: string }
  | { readonly type: 'overlong' }
  | { readonly type: 'tooSlow' }
  /** A line had to wait for the token bucket, the first time since the bucket was last full. */
  | { readonly type: 'slowed' };

export interface ClientStreams {
  readonly id: ClientId;
  readonly addr: string;
  /** The name asked for on connecting (an SSH login's user name), if any. */
  readonly name?: string | undefined;
  /** The client's input; completes when its input ends (FIN, reset, or closed by us). */
  readonly input$: Observable<Input>;
}

const toEvent = (id: ClientId, input: Input): RoomEvent => {
  switch (input.type) {
    case 'line':
      return ev.line(id, input.text);
    case 'overlong':
      return ev.overlong(id);
    case 'tooSlow':
      return ev.tooSlow(id);
    case 'slowed':
      return ev.slowed(id);
    default:
      return absurd(input);
  }
};

/**
 * One client's life as room events: connected, then its lines and an idle
 * kick, then closed. `timeout` restarts on each of this client's own inputs
 * only, so nobody keeps anybody else alive; when it fires it unsubscribes
 * from the input, which is what tears the client's pipeline down.
 */
export const clientEvents = (client: ClientStreams, idleTimeoutMs: number): Observable<RoomEvent> => {
  const { id } = client;
  const kickWhenIdle =
    idleTimeoutMs > 0
      ? timeout<RoomEvent, Observable<RoomEvent>>({ each: idleTimeoutMs, with: () => of(ev.idle(id)) })
      : identity;
  return client.input$.pipe(
    map((input) => toEvent(id, input)),
    kickWhenIdle,
    between(ev.connected(id, client.addr, undefined, client.name), ev.closed(id)),
  );
};
