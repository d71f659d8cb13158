import { describe, expect, it } from 'vitest';
import { crashSignature } from '../../simulator/conformance/crash-signature.js';

/** What Node 20 prints for an uncaught exception, after the bot's own request logs. */
const nodeCrash = (psid: string) => [
  `[bot] POST /webhook`,
  `[bot] body {"object":"page","entry":[{"id":"1","standby":[{"sender":{"id":"${psid}"}}]}]}`,
  'file:///home/dev/bot/app.js:107',
  '    for (const item of entry.messaging) handle(item);',
  '                       ^',
  '',
  'TypeError: entry.messaging is not iterable',
  '    at file:///home/dev/bot/app.js:107:24',
  '    at Array.forEach (<anonymous>)',
  '    at handleBody (file:///home/dev/bot/app.js:105:14)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  '    at async Server.<anonymous> (file:///home/dev/bot/node_modules/express/lib/router.js:10:3)',
  '',
  'Node.js v20.19.4',
];

describe('a crash, told apart from what the bot logged', () => {
  it('Node: the thrown line and the bot\'s own frames; its logs and Node\'s and libraries\' frames are not part of it', () => {
    expect(crashSignature(nodeCrash('3100000001'))).toEqual({
      error: 'TypeError: entry.messaging is not iterable',
      frames: ['file:///home/dev/bot/app.js:107:24', 'handleBody (file:///home/dev/bot/app.js:105:14)'],
      block: nodeCrash('3100000001').slice(2, 12),
      key: 'TypeError: entry.messaging is not iterable\nfile:///home/dev/bot/app.js:107:24\nhandleBody (file:///home/dev/bot/app.js:105:14)',
    });
  });

  it('the same bug met on another user is the same key; another error or another line is not', () => {
    const key = (lines: string[]) => crashSignature(lines)!.key;
    expect(key(nodeCrash('3100000002'))).toBe(key(nodeCrash('3100000001')));
    expect(key(nodeCrash('1').map((l) => l.replace('app.js:107:24', 'app.js:99:24')))).not.toBe(key(nodeCrash('1')));
    // Ids in the message (a PSID, a port) differ between two meetings of one bug.
    const withId = (psid: string) => [`Error: no profile for user ${psid}`, '    at lookup (/srv/bot/users.js:3:9)'];
    expect(key(withId('3100000001'))).toBe(key(withId('3100000044')));
  });

  it('a crash inside a framework (Botkit\'s Facebook adapter on a standby entry): the framework\'s frames', () => {
    const botkit = (line: number) => [
      `/srv/bot/node_modules/botbuilder-adapter-facebook/lib/facebook_adapter.js:${line}`,
      '                        for (let m = 0; m < payload.length; m++) {',
      '                                                    ^',
      '',
      "TypeError: Cannot read properties of null (reading 'length')",
      `    at FacebookAdapter.<anonymous> (/srv/bot/node_modules/botbuilder-adapter-facebook/lib/facebook_adapter.js:${line}:53)`,
      '    at Generator.next (<anonymous>)',
      '    at fulfilled (/srv/bot/node_modules/botbuilder-adapter-facebook/lib/facebook_adapter.js:12:58)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ];
    expect(crashSignature(botkit(342))?.frames).toEqual([
      'FacebookAdapter.<anonymous> (/srv/bot/node_modules/botbuilder-adapter-facebook/lib/facebook_adapter.js:342:53)',
      'fulfilled (/srv/bot/node_modules/botbuilder-adapter-facebook/lib/facebook_adapter.js:12:58)',
    ]);
    // Two bugs of the framework with the same message are two causes: where they are tells them apart.
    expect(crashSignature(botkit(378))!.key).not.toBe(crashSignature(botkit(342))!.key);
  });

  it('plain Error, an unhandled rejection and Node\'s error codes', () => {
    expect(crashSignature(['Error: Couldn\'t validate the request signature.', '    at verify (/srv/bot/app.js:40:11)'])?.error).toBe("Error: Couldn't validate the request signature.");
    expect(crashSignature(['[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block (rejection id: 1).] {', "  code: 'ERR_UNHANDLED_REJECTION'"])?.error).toMatch(/^UnhandledPromiseRejection: This error originated/);
    expect(crashSignature(["Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client", '    at ServerResponse.setHeader (node:_http_outgoing:659:11)'])).toMatchObject({ error: 'Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client', frames: [] });
  });

  it('Python: the traceback\'s last line and its own frames, innermost first', () => {
    const traceback = [
      '127.0.0.1 - - "POST /webhook HTTP/1.1" 500 -',
      'Traceback (most recent call last):',
      '  File "/usr/lib/python3/dist-packages/flask/app.py", line 1473, in wsgi_app',
      '    response = self.full_dispatch_request()',
      '  File "/srv/bot/app.py", line 52, in webhook',
      '    for event in entry["messaging"]:',
      "KeyError: 'messaging'",
    ];
    expect(crashSignature(traceback)).toEqual({ error: "KeyError: 'messaging'", frames: ['webhook (/srv/bot/app.py:52)'], block: traceback.slice(1), key: "KeyError: 'messaging'\nwebhook (/srv/bot/app.py:52)" });
  });

  it('no error in stderr (a bot killed by a signal, or one that wrote nothing): nothing to key on', () => {
    expect(crashSignature([])).toBeUndefined();
    expect(crashSignature(['[bot] listening on 3000', '[bot] POST /webhook'])).toBeUndefined();
  });
});
