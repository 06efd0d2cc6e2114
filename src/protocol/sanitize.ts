/**
 * Removes everything that could repaint, move or reorder another user's
 * terminal: ANSI escape sequences whole, any other ESC alone, C0 controls
 * (tab becomes a space), DEL, C1 controls and the Unicode bidi controls.
 * The result holds no control character at all, so sanitizing twice changes
 * nothing.
 */
const CONTROLS =
  // CSI: ESC [ parameters intermediates final | OSC: ESC ] ... BEL or ESC \ | single controls
  /\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

// Fast path: most chat lines hold no control character at all.
const ANY_CONTROL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

export const sanitize = (text: string): string =>
  ANY_CONTROL.test(text) ? text.replace(CONTROLS, '').replace(/\t/g, ' ') : text;
