import { asyncScheduler, Observable, observeOn, queueScheduler, scan, tap } from 'rxjs';
import { RoomEvent } from './events';
import { reducer, RoomConfig, Step } from './reducer';
import { ChatState, initialState } from './state';

/**
 * The room actor: every client's events merged into one stream and folded by
 * one pure reducer, so all events are totally ordered and the state is only
 * ever touched here.
 *
 * Performing an effect can produce a new event at once (a write that finds a
 * client too slow). `observeOn(queueScheduler)` queues such an event until the
 * current fold step and its effects are done, so the fold never re-enters.
 * Each event is folded at the scheduler's time, so ban and mute expiry run in
 * virtual time under a TestScheduler, as the idle kick does.
 */
export interface RoomOptions {
  /** Sees each event in exactly the order it is folded (the recorder). */
  readonly beforeFold?: ((event: RoomEvent) => void) | undefined;
  /** The state to start from: the empty server, or a cluster's snapshot. */
  readonly seed?: ChatState;
  /** The time of the event being folded: the scheduler's clock, or a cluster log entry's. */
  readonly now?: () => number;
}

export const room =
  (config: RoomConfig, { beforeFold, seed = initialState, now = () => asyncScheduler.now() }: RoomOptions = {}) =>
  (events$: Observable<RoomEvent>): Observable<Step> => {
    const step = reducer(config);
    const fold = scan(([state], event: RoomEvent) => step(state, event, now()), [seed, []] as Step);
    // Nothing to see each event (no recorder, no metrics, no store): no operator for it.
    return beforeFold === undefined ? events$.pipe(observeOn(queueScheduler), fold) : events$.pipe(observeOn(queueScheduler), tap(beforeFold), fold);
  };
