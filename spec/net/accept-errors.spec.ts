import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { useMain } from '../support/main-process';

const main = useMain();

/** Resolves with the client once it has its welcome, or undefined if the server closed it without one. */
const tryJoin = async (port: number): Promise<TestClient | undefined> => {
  const client = await TestClient.connect(port);
  try {
    expect(await client.next(5000)).toMatch(/^--- Welcome, /);
    await client.next();
    return client;
  } catch {
    client.destroy();
    return undefined;
  }
};

describe('out of file descriptors', () => {
  it('EMFILE on accept leaves the server serving: the log says what to raise, once, members chat on, and a newcomer joins once a slot is free', async () => {
    const run = main(['--port', '0', '--rate', '0'], {}, { fileLimit: 48 });
    const [listening] = await run.stdoutLines(1);
    const port = Number(/:(\d+)$/.exec(listening!)![1]);
    const members: TestClient[] = [];
    let refused = false;
    while (!refused && members.length < 48) {
      const client = await tryJoin(port);
      if (client === undefined) refused = true;
      else members.push(client);
    }
    expect(refused).toBe(true);
    const records = run
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // At start: the limit is below --max-clients (10,000 by default).
    expect(records.filter((r) => r.event === 'fileLimit')).toEqual([
      expect.objectContaining({ level: 'warn', limit: 48, maxClients: 10_000, hint: expect.stringContaining('ulimit -n') }),
    ]);
    // Once the connections reach it: one line, however many were refused.
    const full = records.filter((r) => r.event === 'outOfFiles');
    expect(full).toEqual([expect.objectContaining({ level: 'error', limit: 48, hint: expect.stringContaining('ulimit -n') })]);
    expect(full[0]!.connections).toBeLessThanOrEqual(members.length);

    const [first, ...rest] = members;
    // The joins of everyone after it, and nothing of whoever was refused.
    expect(await first!.sync()).toEqual(rest.map((c) => `*** ${c.tag} joined`));
    first!.line('still here');
    expect(await first!.next()).toBe(`${first!.tag}: still here`);
    const leaving = rest.pop()!;
    leaving.destroy();
    expect(await first!.next()).toBe(`*** ${leaving.tag} left`);
    const newcomer = await tryJoin(port);
    expect(newcomer).toBeDefined();
    expect(await first!.next()).toBe(`*** ${newcomer!.tag} joined`);
    for (const c of [...members, newcomer!]) c.destroy();
    expect(run.child.exitCode).toBeNull();
  }, 30_000);
});
