import { concat, identity, map, merge, Observable, of, timeout } from 'rxjs';
import * as ev from './events';
import { ClientId, RoomEvent } from './events';

/** What one client's input looks like to the room, once framed and paced. */
export type Input = { readonly type: 'line'; readonly text: string } | { readonly type: 'overlong' };

export interface ClientStreams {
  readonly id: ClientId;
  readonly addr: string;
  /** The client's input; completes when its input ends (FIN, reset, or closed by us). */
  readonly input$: Observable<Input>;
  /** Emits once if the client's output backlog passes the limit; completes on close. */
  readonly tooSlow$: Observable<unknown>;
}

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
  const input$ = client.input$.pipe(
    map((input): RoomEvent => (input.type === 'line' ? ev.line(id, input.text) : ev.overlong(id))),
    kickWhenIdle,
  );
  return concat(
    of(ev.connected(id, client.addr)),
    merge(input$, client.tooSlow$.pipe(map(() => ev.tooSlow(id)))),
    of(ev.closed(id)),
  );
};
