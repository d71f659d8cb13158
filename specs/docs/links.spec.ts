import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** README.md is the front page and docs/ the reference: a relative link that leads nowhere is a lost fact. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Every link target of a Markdown text outside code (fenced blocks and inline code spans). */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const targets = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'));
}

describe('links in README.md and docs/', () => {
  const files = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))];

  it('finds the front page and the reference pages', () => {
    const names = files.map((f) => relative(ROOT, f));
    for (const page of ['README.md', 'docs/graph-api.md', 'docs/admin.md', 'docs/webhooks.md', 'docs/conformance.md', 'docs/choices.md', 'docs/errors.md', 'docs/packaging.md']) {
      expect(names).toContain(page);
    }
  });

  it('every relative link points at a file that exists', () => {
    const broken = files.flatMap((file) =>
      relativeLinks(readFileSync(file, 'utf8'))
        .filter((target) => !existsSync(join(dirname(file), decodeURIComponent(target.split('#')[0]!))))
        .map((target) => `${relative(ROOT, file)} → ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it('sees links in prose and ignores them in code (the check itself)', () => {
    const text = ['[a](docs/a.md) ![b](img/b.svg "t") [web](https://x.y) [top](#quick-start)', '`[no](in-code.md)`', '```', '[no](in-fence.md)', '```', '[c](c.md#part)'].join('\n');
    expect(relativeLinks(text)).toEqual(['docs/a.md', 'img/b.svg', 'c.md#part']);
  });

  it('would report a broken link (a planted one)', () => {
    const planted = relativeLinks('see [the missing page](docs/no-such-page.md)');
    expect(planted.filter((t) => !existsSync(join(ROOT, t)))).toEqual(['docs/no-such-page.md']);
  });
});
