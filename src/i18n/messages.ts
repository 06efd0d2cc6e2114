import { UsageOf } from '../protocol/command';

/** What the who list says after a member's tag, in this order: away, op, you. */
export interface WhoMarks {
  readonly away: string | undefined;
  readonly op: boolean;
  readonly you: boolean;
}

/** What /whois says after where a member is, in this order, each only where true (§15). */
export interface WhoisFacts {
  readonly room: string;
  readonly idle: number;
  readonly away: string | undefined;
  readonly op: boolean;
  readonly registered: boolean;
  /** The real `ip:port`, to an operator when addresses are hidden. */
  readonly from: string | undefined;
}

/** One row of /help: the command as typed, and what it does. A row with no description is a heading. */
export type HelpRow = readonly [command: string, description?: string];

/**
 * The fixed texts of the protocol, without their `*** ` / `--- ` / `!!! `
 * prefixes: a language changes the words, never the form.
 * `who` and `by` are always the rendered `[addr]name`, `room` the shown `#name`.
 */
export interface Messages {
  readonly welcome: (who: string, online: number) => string;
  readonly joined: (who: string) => string;
  readonly left: (who: string) => string;
  readonly leftWithReason: (who: string, reason: string) => string;
  readonly leftFor: (who: string, room: string) => string;
  readonly timedOut: (who: string) => string;
  readonly tooSlow: (who: string) => string;
  readonly renamed: (who: string, name: string) => string;
  readonly shuttingDown: string;
  readonly bye: string;
  readonly idleKick: (seconds: number) => string;
  readonly serverFull: (max: number) => string;
  readonly whoHeader: (members: number, room: string) => string;
  readonly whoEntry: (who: string, marks: WhoMarks) => string;
  readonly alreadyNamed: (name: string) => string;
  readonly nameTaken: (name: string) => string;
  readonly invalidName: string;
  readonly usage: Readonly<Record<UsageOf, string>>;
  readonly noSuchUser: (name: string) => string;
  readonly unknownCommand: (name: string) => string;
  readonly lineTooLong: (max: number) => string;
  readonly slowDown: (rate: number) => string;
  /** The reasons in `left (REASON)` when a cluster node dies or stops. */
  readonly connectionLost: string;
  readonly serverRestarting: string;
  readonly notDelivered: string;
  readonly nowIn: (room: string, members: number) => string;
  readonly alreadyIn: (room: string) => string;
  readonly invalidRoom: string;
  readonly roomsHeader: (rooms: number) => string;
  readonly roomEntry: (room: string, members: number, here: boolean) => string;
  readonly historyStart: (room: string) => string;
  readonly historyEnd: string;
  readonly nowAway: (text: string) => string;
  readonly nowBack: string;
  readonly notAway: string;
  readonly isAway: (name: string, text: string) => string;
  readonly nowOperator: string;
  readonly wrongPassword: string;
  readonly tooManyWrongPasswords: string;
  readonly noOperators: string;
  readonly notOperator: string;
  readonly kickedYou: (by: string, reason: string | undefined) => string;
  readonly kicked: (who: string, by: string, reason: string | undefined) => string;
  readonly bannedYou: (by: string) => string;
  readonly banned: (who: string, by: string) => string;
  readonly banDone: (ip: string, minutes: number) => string;
  readonly unbanned: (ip: string) => string;
  readonly notBanned: (ip: string) => string;
  readonly youAreBanned: string;
  readonly tooManyFromAddress: (max: number) => string;
  readonly muted: (who: string, by: string) => string;
  readonly unmuted: (who: string, by: string) => string;
  readonly youAreMuted: string;
  readonly notMuted: (name: string) => string;
  readonly registered: (name: string) => string;
  readonly registeredToKey: (name: string, fingerprint: string) => string;
  readonly chooseNameFirst: string;
  readonly alreadyRegistered: (name: string) => string;
  readonly passwordTooShort: (min: number) => string;
  readonly loggedIn: (name: string) => string;
  readonly wrongNameOrPassword: string;
  readonly passwordChanged: string;
  readonly notLoggedIn: string;
  readonly nameRegistered: (name: string) => string;
  readonly unregistered: (name: string) => string;
  readonly notRegistered: (name: string) => string;
  readonly ignoring: (name: string) => string;
  readonly cannotIgnoreSelf: string;
  readonly alreadyIgnoring: (name: string) => string;
  readonly ignoreList: (names: readonly string[]) => string;
  readonly ignoringNobody: string;
  readonly unignored: (name: string) => string;
  readonly notIgnoring: (name: string) => string;
  readonly whois: (who: string, facts: WhoisFacts) => string;
  readonly offlineQueued: (name: string) => string;
  readonly mailboxFull: (name: string) => string;
  readonly messagesStart: (count: number) => string;
  readonly messagesEnd: string;
  readonly noMessagesIn: (room: string) => string;
  readonly help: readonly HelpRow[];
}
