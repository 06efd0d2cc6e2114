const LF = 0x0a;
const CR = 0x0d;
/** FIN set, opcode 1 (text): a whole text message in one frame. */
const FIN_TEXT = 0x81;

/** The header's size for a payload of `length` bytes, without a mask (RFC 6455 §5.2; a server's frames are never masked). */
export const headerBytes = (length: number): number => (length < 126 ? 2 : length < 65536 ? 4 : 10);

/** Writes a final text frame's header for `length` payload bytes at `at` (its length in the shortest form); returns where the payload goes. */
export const putTextHeader = (out: Buffer, at: number, length: number): number => {
  out[at] = FIN_TEXT;
  if (length < 126) {
    out[at + 1] = length;
  } else if (length < 65536) {
    out[at + 1] = 126;
    out.writeUInt16BE(length, at + 2);
  } else {
    out[at + 1] = 127;
    out.writeUInt32BE(0, at + 2);
    out.writeUInt32BE(length, at + 6);
  }
  return at + headerBytes(length);
};

/** Where a line's text ends: before its LF or CR LF; -1 for bytes that are not a line (no LF at the end). */
const textEnd = (line: Buffer): number => {
  const lf = line.length - 1;
  if (lf < 0 || line[lf] !== LF) return -1;
  return lf > 0 && line[lf - 1] === CR ? lf - 1 : lf;
};

/**
 * Lines, each one Buffer ended by LF or CR LF (as a connection holds them:
 * a room's line never has a line break inside), as WebSocket text frames,
 * one whole message per line, without its terminator, all in one buffer:
 * a flush of many lines is one write, as for TCP, instead of two writes per
 * line through a general-purpose sender. The bytes are UTF-8 already (the
 * server wrote them), so they are copied once, from where the room left
 * them, never decoded or searched. A part not ended by LF is not a line and
 * is left out. The frames are built at the start of `into` when they fit
 * there, else in a new buffer.
 */
export const textFrames = (lines: readonly Buffer[], into?: Buffer): Buffer => {
  let size = 0;
  for (const line of lines) {
    const length = textEnd(line);
    if (length >= 0) size += headerBytes(length) + length;
  }
  const out = into !== undefined && size <= into.length ? into.subarray(0, size) : Buffer.allocUnsafe(size);
  let at = 0;
  for (const line of lines) {
    const length = textEnd(line);
    if (length < 0) continue;
    at = putTextHeader(out, at, length);
    at += line.copy(out, at, 0, length);
  }
  return out;
};

/** Bytes holding several lines, split into one Buffer a line (each with its LF); bytes after the last LF are left out. */
export const splitLines = (bytes: Buffer): Buffer[] => {
  const lines: Buffer[] = [];
  for (let start = 0, lf = bytes.indexOf(LF); lf >= 0; start = lf + 1, lf = bytes.indexOf(LF, start)) lines.push(bytes.subarray(start, lf + 1));
  return lines;
};
