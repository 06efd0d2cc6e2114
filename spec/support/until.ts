/** Waits until `condition()` holds, checking once per event-loop turn; fails naming `what` after the deadline. */
export const until = async (condition: () => boolean, what: string, deadlineMs = 3000): Promise<void> => {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
};
