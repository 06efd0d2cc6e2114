/** What IRC allows a line, its CR LF included (RFC 1459 §2.3). */
export const IRC_LINE_BYTES = 512;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `head` followed by `text`, as as many lines as it takes for each to be at
 * most `IRC_LINE_BYTES` with its CR LF: the text is split between
 * characters (whole graphemes, so neither a UTF-8 sequence nor a letter and
 * its accent is ever cut), and nothing of it is lost.
 */
export const fitLines = (head: string, text: string, tail = ''): string[] => {
  const room = IRC_LINE_BYTES - 2 - Buffer.byteLength(head) - Buffer.byteLength(tail);
  if (Buffer.byteLength(text) <= room) return [head + text + tail];
  const lines: string[] = [];
  let part = '';
  let bytes = 0;
  for (const { segment } of segmenter.segment(text)) {
    const size = Buffer.byteLength(segment);
    if (bytes + size > room && part !== '') {
      lines.push(head + part + tail);
      part = '';
      bytes = 0;
    }
    part += segment;
    bytes += size;
  }
  if (part !== '') lines.push(head + part + tail);
  return lines;
};
