import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Outside fenced code: a block's `# comment` lines are not headings. */
const prose = (text: string): string => text.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorsOf = (file: string): Set<string> =>
  new Set(
    [...prose(readFileSync(join(root, file), 'utf8')).matchAll(/^#+\s+(.+)$/gm)].map((m) =>
      m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-'),
    ),
  );

describe.each(documents)('%s', (file) => {
  const text = prose(readFileSync(join(root, file), 'utf8'));

  it('links only to files and headings that exist', () => {
    const broken = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!)
      .filter((link) => !/^[a-z]+:/.test(link))
      .filter((link) => {
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? file : normalize(join(dirname(file), path));
        if (!existsSync(join(root, target))) return true;
        return anchor !== undefined && target.endsWith('.md') && !anchorsOf(target).has(anchor);
      });
    expect(broken).toEqual([]);
  });

  it('names only source paths that exist', () => {
    const missing = [...text.matchAll(/`((?:src|spec|scripts|docs)\/[^`\s*]+)`/g)].map((m) => m[1]!).filter((p) => !existsSync(join(root, p)));
    expect(missing).toEqual([]);
  });
});
