/**
 * The fixed texts of the protocol, without their `*** ` / `--- ` / `!!! `
 * prefixes: a language changes the words, never the form.
 * `who` is always the rendered `[addr]name`.
 */
export interface Messages {
  readonly welcome: (who: string, online: number) => string;
  readonly joined: (who: string) => string;
  readonly left: (who: string) => string;
  readonly leftWithReason: (who: string, reason: string) => string;
  readonly timedOut: (who: string) => string;
  readonly tooSlow: (who: string) => string;
  readonly renamed: (who: string, name: string) => string;
  readonly shuttingDown: string;
  readonly bye: string;
  readonly idleKick: (seconds: number) => string;
  readonly serverFull: (max: number) => string;
  readonly whoHeader: (online: number) => string;
  readonly whoEntry: (who: string, you: boolean) => string;
  readonly alreadyNamed: (name: string) => string;
  readonly nameTaken: (name: string) => string;
  readonly invalidName: string;
  readonly usage: { readonly nick: string; readonly me: string; readonly msg: string };
  readonly noSuchUser: (name: string) => string;
  readonly unknownCommand: (name: string) => string;
  readonly lineTooLong: (max: number) => string;
  readonly slowDown: (rate: number) => string;
  readonly help: readonly string[];
}
