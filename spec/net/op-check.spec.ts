import { describe, expect, it } from 'vitest';
import { checkOperatorPasswords } from '../../src/net/op-check';
import * as ev from '../../src/room/events';

describe('checkOperatorPasswords', () => {
  const check = checkOperatorPasswords('correct horse');

  it('puts the verdict in place of the /op line, never the password', () => {
    expect(check(ev.line(1, '/op correct horse'))).toEqual(ev.opAttempt(1, 'granted'));
    expect(check(ev.line(1, '  /OP   correct horse  '))).toEqual(ev.opAttempt(1, 'granted'));
    expect(check(ev.line(1, '/op correct'))).toEqual(ev.opAttempt(1, 'denied'));
    expect(check(ev.line(1, '/op Correct horse'))).toEqual(ev.opAttempt(1, 'denied'));
    expect(checkOperatorPasswords(undefined)(ev.line(1, '/op anything'))).toEqual(ev.opAttempt(1, 'none'));
  });

  it('leaves every other event alone, /op without a password and chat about /op included', () => {
    for (const e of [ev.line(1, '/op'), ev.line(1, 'try /op x'), ev.line(1, '//op x'), ev.line(1, '/opx'), ev.closed(1)]) {
      expect(check(e)).toBe(e);
    }
  });
});
