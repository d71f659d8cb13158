import { describe, expect, it } from 'vitest';
import { DocsBlockError, extractBlocks } from './support/blocks.js';
import { repeats } from './support/pages.js';
import { scriptFor } from './support/run-block.js';

/** The docs spec's reading of Markdown (specs/docs/support/blocks.ts), on scratch pages. */
const page = (...lines: string[]) => lines.join('\n');

describe('the command blocks of a Markdown page', () => {
  it('reads each sh block\'s command lines: comments and blank lines dropped, a trailing \\ continuing the line', () => {
    const blocks = extractBlocks(
      'x.md',
      page('# Title', '', '```sh', '# a comment', 'npx handover-sim scenarios   # the catalogue', '', 'npx handover-sim conform --app-id 1 \\', '  --verify-token vt', '```', '', '```js', 'npx is not read here', '```'),
    );
    expect(blocks.map((b) => ({ file: b.file, line: b.line, commands: b.commands }))).toEqual([
      {
        file: 'x.md',
        line: 3,
        commands: [
          { line: 5, text: 'npx handover-sim scenarios   # the catalogue' },
          { line: 7, text: 'npx handover-sim conform --app-id 1 \\\n  --verify-token vt' },
        ],
      },
    ]);
    expect(blocks[0]!.needs.context).toBe('clone');
  });

  it('reads a block indented in a list item, and the docs-spec comment above it, over several lines', () => {
    const [block] = extractBlocks(
      'x.md',
      page(
        '- a bot:',
        '  <!-- docs-spec: installed; bot my-bot.js; env A=1 B=two; file w.json from examples/world.json;',
        '       serve; bot for conform; exits 1 "second"; not run "third": it takes an hour;',
        '       answers "first" at http://127.0.0.1:4000/webhook -->',
        '  ```sh',
        '  node first.js',
        '  node second.js',
        '  node third.js',
        '  ```',
      ),
    );
    expect(block!.commands.map((c) => c.text)).toEqual(['node first.js', 'node second.js', 'node third.js']);
    expect(block!.needs).toEqual({
      context: 'installed',
      env: { A: '1', B: 'two' },
      files: [{ name: 'w.json', from: 'examples/world.json' }],
      bots: ['my-bot.js'],
      botForConform: true,
      serve: true,
      synopsis: false,
      exits: new Map([[7, 1]]),
      notRun: new Map([[8, 'it takes an hour']]),
      answers: new Map([[6, 'http://127.0.0.1:4000/webhook']]),
    });
  });

  it('refuses what it cannot read: an unknown item, a TEXT naming no line or two, commands in a fence without a language', () => {
    const block = (marker: string) => page(marker, '```sh', 'npx handover-sim scenarios', 'npx handover-sim simulate', '```');
    expect(() => extractBlocks('x.md', block('<!-- docs-spec: skip -->'))).toThrow(new DocsBlockError('x.md:2: docs-spec item not understood: "skip" (docs/testing.md lists the items)'));
    expect(() => extractBlocks('x.md', block('<!-- docs-spec: exits 1 "diagram" -->'))).toThrow(new DocsBlockError('x.md:2: "diagram" must name exactly one command line of the block; it names 0'));
    expect(() => extractBlocks('x.md', block('<!-- docs-spec: not run "npx": slow -->'))).toThrow(new DocsBlockError('x.md:2: "npx" must name exactly one command line of the block; it names 2'));
    expect(() => extractBlocks('x.md', page('```', 'npx handover-sim scenarios', '```'))).toThrow(
      new DocsBlockError('x.md:1: a block of commands without a language: open it with ```sh so that the docs spec runs it'),
    );
    // Output that begins with the program's name is not a command.
    expect(extractBlocks('x.md', page('```', 'handover-sim conform: the fake Graph API listens on http://127.0.0.1:3000', '```'))).toEqual([]);
  });

  it('runs a line repeated word for word in the same setting once, where the pages first show it', () => {
    const blocks = [
      ...extractBlocks('a.md', page('```sh', 'npx handover-sim scenarios   # one', 'A=1; echo $A', '```')),
      ...extractBlocks('b.md', page('```sh', 'npx handover-sim scenarios', 'A=1; echo $A', '```', '<!-- docs-spec: installed -->', '```sh', 'npx handover-sim scenarios', '```')),
    ];
    expect(blocks.map((b) => [...repeats(blocks).get(b)!])).toEqual([[], [[2, 'a.md:2']], []]);
  });

  it('writes the block as one script: each line eval\'d as written and its status checked, a line not run only reported', () => {
    const [block] = extractBlocks('x.md', page('<!-- docs-spec: exits 1 "fails" ; not run "slow": slow -->', '```sh', "echo 'it''s' && npx fails", 'npm run slow', '```'));
    const script = scriptFor(block!, { name: 'clone', dir: '/d', examples: '/d/examples', cli: '/d/node_modules/.bin/handover-sim' });
    expect(script).toContain(`eval 'echo '\\''it'\\'''\\''s'\\'' && npx fails'\n__docs_spec_status=$?`);
    expect(script).toContain(`[ "$__docs_spec_status" -eq 1 ] || { echo "docs-spec: x.md:3 exited $__docs_spec_status, not 1" >&2; exit 97; }`);
    expect(script).toContain('__docs_spec_report checked 4\n__docs_spec_report done\n');
    expect(script).not.toContain('npm run slow');
  });
});
