import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The module graph of src/, read from the files' import and export-from
 * statements (type-only ones too: a circle of types still ties the files
 * together for the reader). A test, not a tool, so a circle fails the suite
 * the day it is made.
 */
const SRC = resolve(__dirname, '../../src');

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });

const SPECIFIER = /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm;

/** The project files a file imports, by path relative to src/. */
const importsOf = (file: string): string[] => {
  const found: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const specifier = match[1]!;
    if (!specifier.startsWith('.')) continue;
    const target = resolve(dirname(file), specifier);
    const candidates = [`${target}.ts`, join(target, 'index.ts')];
    const hit = candidates.find((c) => {
      try {
        return statSync(c).isFile();
      } catch {
        return false;
      }
    });
    if (hit !== undefined) found.push(relative(SRC, hit));
  }
  return found;
};

const graph = new Map(sources(SRC).map((file) => [relative(SRC, file), importsOf(file)]));

/** Every circle, each as the files in import order, first file repeated at the end. */
const circles = (): string[][] => {
  const found: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (file: string): void => {
    if (onPath.has(file)) {
      found.push([...path.slice(path.indexOf(file)), file]);
      return;
    }
    if (done.has(file)) return;
    path.push(file);
    onPath.add(file);
    for (const next of graph.get(file) ?? []) visit(next);
    onPath.delete(file);
    path.pop();
    done.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return found;
};

describe('the module graph of src/', () => {
  it('is read: every file, with the imports the composition root is known to have', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('chat-server.ts')).toContain('room/room.ts');
    expect(graph.get('room/events.ts')).toContain('room/credential.ts');
  });

  it('has no import circles', () => {
    expect(circles()).toEqual([]);
  });

  it('keeps the room and the protocol free of IO: no socket, file, timer or process module', () => {
    const io = /^\s*import\b[^'"]*?from\s+['"](node:(net|tls|fs|timers|child_process|http|https)|ws|ssh2|ioredis|better-sqlite3|pg)['"]/m;
    const offenders = [...graph.keys()]
      .filter((file) => file.startsWith('room/') || file.startsWith('protocol/'))
      .filter((file) => io.test(readFileSync(join(SRC, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
