/**
 * The command blocks of the docs: every ```sh fence of a Markdown text, its command lines (a line ending in
 * `\` continues on the next), and what the block needs, read from an HTML comment right above the fence:
 *
 *   <!-- docs-spec: installed; env APP_SECRET=shh VERIFY_TOKEN=vt; bot my-bot.js -->
 *
 * The items (docs/testing.md explains each to a writer): `installed`, `env NAME=value…`, `file NAME from PATH`,
 * `bot NAME`, `bot for conform`, `serve`, `synopsis`, `exits N "TEXT"`, `answers "TEXT" at URL`,
 * `not run "TEXT": why`. A quoted TEXT
 * names the one command line of the block that contains it. Anything else is an error, as is a quoted TEXT
 * that names no line or two, or a fence without a language whose first line is a command: a block the spec
 * cannot read is a failure, never a skip.
 */
export interface CommandLine {
  /** 1-based line of the Markdown file where the command starts. */
  line: number;
  /** The command as written, continuation lines included (`\` and newline kept, as a shell reads them). */
  text: string;
}

export interface Needs {
  context: 'clone' | 'installed';
  env: Record<string, string>;
  files: { name: string; from: string }[];
  bots: string[];
  botForConform: boolean;
  serve: boolean;
  synopsis: boolean;
  exits: Map<number, number>;
  notRun: Map<number, string>;
  /** Lines that serve until stopped: started, asked the URL once (it must answer 2xx), then stopped as Ctrl-C stops them. */
  answers: Map<number, string>;
}

export interface Block {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  text: string;
  commands: CommandLine[];
  needs: Needs;
}

const FENCE = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/;
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell']);
/** What a command line in a fence with no language begins with: such a block must say `sh`. */
const LOOKS_LIKE_A_COMMAND = /^(?:(?:npx|npm|curl|node) |handover-sim [a-z]+(?:\s|$))/;
const MARKER = /<!--\s*docs-spec:([\s\S]*?)-->\s*$/;

export class DocsBlockError extends Error {}

/** Every command block of `markdown` (named `file` in messages). Throws DocsBlockError on a block it cannot read. */
export function extractBlocks(file: string, markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    // A fence may be indented (inside a list item): its lines lose that indentation.
    const indent = open[1]!.length;
    const fence = open[2]!;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.trimStart().startsWith(fence)) end++;
    const body = lines.slice(i + 1, end).map((l) => l.replace(new RegExp(`^ {0,${indent}}`), ''));
    const language = open[3]!.toLowerCase();
    const at = `${file}:${i + 1}`;
    if (SHELL_LANGUAGES.has(language)) {
      const commands = commandLines(body, i + 2);
      blocks.push({ file, line: i + 1, text: body.join('\n'), commands, needs: readNeeds(at, markerAbove(lines, i), commands) });
    } else if (language === '' && LOOKS_LIKE_A_COMMAND.test(body.find((l) => l.trim() !== '')?.trim() ?? '')) {
      throw new DocsBlockError(`${at}: a block of commands without a language: open it with \`\`\`sh so that the docs spec runs it`);
    }
    i = end;
  }
  return blocks;
}

/** The block's commands: blank lines and whole-line comments dropped, continuation lines joined. */
function commandLines(body: string[], firstLine: number): CommandLine[] {
  const commands: CommandLine[] = [];
  for (let j = 0; j < body.length; j++) {
    const trimmed = body[j]!.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const start = j;
    while (body[j]!.trimEnd().endsWith('\\') && j + 1 < body.length) j++;
    commands.push({ line: firstLine + start, text: body.slice(start, j + 1).join('\n') });
  }
  return commands;
}

/** The text of a docs-spec comment on the lines right above the fence (blank lines between are allowed). */
function markerAbove(lines: string[], fence: number): string | undefined {
  let k = fence - 1;
  while (k >= 0 && lines[k]!.trim() === '') k--;
  if (k < 0 || !lines[k]!.trimEnd().endsWith('-->')) return undefined;
  let start = k;
  while (start > 0 && !lines[start]!.includes('<!--')) start--;
  return MARKER.exec(lines.slice(start, k + 1).join('\n'))?.[1];
}

function readNeeds(at: string, marker: string | undefined, commands: CommandLine[]): Needs {
  const needs: Needs = { context: 'clone', env: {}, files: [], bots: [], botForConform: false, serve: false, synopsis: false, exits: new Map(), notRun: new Map(), answers: new Map() };
  for (const raw of (marker ?? '').split(';')) {
    const item = raw.trim().replace(/\s+/g, ' ');
    if (item === '') continue;
    let m: RegExpExecArray | null;
    if (item === 'installed') needs.context = 'installed';
    else if (item === 'serve') needs.serve = true;
    else if (item === 'synopsis') needs.synopsis = true;
    else if (item === 'bot for conform') needs.botForConform = true;
    else if ((m = /^bot (\S+)$/.exec(item))) needs.bots.push(m[1]!);
    else if ((m = /^file (\S+) from (\S+)$/.exec(item))) needs.files.push({ name: m[1]!, from: m[2]! });
    else if ((m = /^env((?: [A-Z_][A-Z0-9_]*=\S*)+)$/.exec(item))) {
      for (const pair of m[1]!.trim().split(' ')) needs.env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
    } else if ((m = /^exits (\d+) "([^"]+)"$/.exec(item))) needs.exits.set(theLine(at, commands, m[2]!), Number(m[1]));
    else if ((m = /^answers "([^"]+)" at (http:\/\/\S+)$/.exec(item))) needs.answers.set(theLine(at, commands, m[1]!), m[2]!);
    else if ((m = /^not run "([^"]+)": (.+)$/.exec(item))) needs.notRun.set(theLine(at, commands, m[1]!), m[2]!);
    else throw new DocsBlockError(`${at}: docs-spec item not understood: "${item}" (docs/testing.md lists the items)`);
  }
  return needs;
}

/** The line of the one command that contains `text`. */
function theLine(at: string, commands: CommandLine[], text: string): number {
  const matching = commands.filter((c) => c.text.includes(text));
  if (matching.length !== 1) throw new DocsBlockError(`${at}: "${text}" must name exactly one command line of the block; it names ${matching.length}`);
  return matching[0]!.line;
}
