const LF = 0x0a;
const CR = 0x0d;
/** FIN set, opcode 1 (text): a whole text message in one frame. */
const FIN_TEXT = 0x81;

/** The header's size for a payload of `length` bytes (RFC 6455 §5.2; a server's frames are never masked). */
const headerBytes = (length: number): number => (length < 126 ? 2 : length < 65536 ? 4 : 10);

/** Where the line starting at `start` ends, without its terminator, given the LF at `lf`. */
const lineEnd = (bytes: Uint8Array, start: number, lf: number): number => (lf > start && bytes[lf - 1] === CR ? lf - 1 : lf);

/**
 * Lines (each ended by LF or CR LF) as WebSocket text frames, one whole
 * message per line, without its terminator, all in one buffer: a flush of
 * many lines is one write, as for TCP, instead of two writes per line
 * through a general-purpose sender. The bytes are UTF-8 already (the
 * server wrote them), so they are copied, never decoded. Bytes after the
 * last LF are not a line and are left out.
 */
export const textFrames = (bytes: Uint8Array): Buffer => {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let size = 0;
  for (let start = 0, lf = input.indexOf(LF); lf >= 0; start = lf + 1, lf = input.indexOf(LF, start)) {
    const length = lineEnd(input, start, lf) - start;
    size += headerBytes(length) + length;
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let start = 0, lf = input.indexOf(LF); lf >= 0; start = lf + 1, lf = input.indexOf(LF, start)) {
    const end = lineEnd(input, start, lf);
    const length = end - start;
    out[at++] = FIN_TEXT;
    if (length < 126) {
      out[at++] = length;
    } else if (length < 65536) {
      out[at++] = 126;
      out.writeUInt16BE(length, at);
      at += 2;
    } else {
      out[at++] = 127;
      out.writeUInt32BE(0, at);
      out.writeUInt32BE(length, at + 4);
      at += 8;
    }
    at += input.copy(out, at, start, end);
  }
  return out;
};
