import { createHash, timingSafeEqual } from 'node:crypto';
import { maySlash, parse } from '../protocol/parse';
import * as ev from '../room/events';
import { OpVerdict, RoomEvent } from '../room/events';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Cheap test first: only a line that mentions /op is parsed a second time. */
const MAYBE_OP = /\/op/i;

/**
 * Checks `/op PASSWORD` lines before the room sees them and puts the verdict
 * in their place, so the password never enters the fold, the log or a
 * recording. Digests of equal length are compared in constant time, so the
 * time taken tells nothing of the password, not even its length.
 */
export const checkOperatorPasswords = (password: string | undefined): ((event: RoomEvent) => RoomEvent) => {
  const expected = password === undefined ? undefined : digest(password);
  const verdict = (candidate: string): OpVerdict => {
    if (expected === undefined) return 'none';
    return timingSafeEqual(digest(candidate), expected) ? 'granted' : 'denied';
  };
  return (event) => {
    if (event.type !== 'line' || !maySlash(event.text) || !MAYBE_OP.test(event.text)) return event;
    const command = parse(event.text);
    return command.type === 'op' ? ev.opAttempt(event.id, verdict(command.password)) : event;
  };
};
