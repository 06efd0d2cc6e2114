import { ClientId } from './events';
import { StoreChange } from './store-changes';

/**
 * What the reducer asks the outside world to do. Only the net layer performs
 * effects; the room itself never touches a socket.
 */
export type Effect =
  | { readonly type: 'send'; readonly to: ClientId; readonly line: string }
  /**
   * One line for many clients, in recipient order. `to` is the room's own
   * member list (shared, not copied), `except` is skipped.
   */
  | { readonly type: 'broadcast'; readonly to: readonly ClientId[]; readonly except: ClientId | undefined; readonly line: string }
  /**
   * `flush`: deliver what is queued for the client, then close (quit, kick,
   * end of input). `drop`: close at once, the client is not reading anyway.
   */
  | { readonly type: 'close'; readonly to: ClientId; readonly mode: 'flush' | 'drop' }
  /** Something an operator of the server wants in the log (never chat text or a password). */
  | { readonly type: 'log'; readonly entry: LogEntry }
  /** Something the store must keep (an account, a ban, a line of history); never a password. */
  | { readonly type: 'store'; readonly change: StoreChange }
  /**
   * `/history` asked for more lines than the room holds in memory: the store
   * reads the room's last `count` and the client gets them as `answer` says
   * (`historyAnswer`). Nothing in the room depends on what is read.
   */
  | { readonly type: 'readHistory'; readonly to: ClientId; readonly room: string; readonly count: number; readonly answer: HistoryAnswer };

/** The texts of a /history answer, decided by the room; only the lines come from the store. */
export interface HistoryAnswer {
  readonly start: string;
  readonly end: string;
  /** When the room has no lines. */
  readonly none: string;
  /** When the store cannot answer (§14: as a line it cannot keep). */
  readonly failed: string;
}

/**
 * One structured log record: `event` names what happened, the other fields
 * say to whom (`addr`, `name`, `room`), by whom (`by`) and why (`reason`).
 */
export interface LogEntry {
  readonly event:
    | 'leave'
    | 'rename'
    | 'op'
    | 'opFailed'
    | 'kick'
    | 'ban'
    | 'unban'
    | 'mute'
    | 'unmute'
    | 'register'
    | 'login'
    | 'loginFailed'
    | 'password'
    | 'unregister';
  readonly [field: string]: string | number | undefined;
}

export const send = (to: ClientId, line: string): Effect => ({ type: 'send', to, line });
export const broadcast = (to: readonly ClientId[], line: string, except?: ClientId): Effect => ({
  type: 'broadcast',
  to,
  except,
  line,
});
export const close = (to: ClientId, mode: 'flush' | 'drop'): Effect => ({ type: 'close', to, mode });
export const log = (entry: LogEntry): Effect => ({ type: 'log', entry });
export const store = (change: StoreChange): Effect => ({ type: 'store', change });
export const readHistory = (to: ClientId, room: string, count: number, answer: HistoryAnswer): Effect => ({ type: 'readHistory', to, room, count, answer });

/** A /history answer: its lines between `start` and `end`, or `none`. */
export const historyAnswer = (to: ClientId, lines: readonly string[], answer: HistoryAnswer): Effect[] =>
  lines.length === 0 ? [send(to, answer.none)] : [send(to, answer.start), ...lines.map((line) => send(to, line)), send(to, answer.end)];
