import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, createWebhookDispatcher, parseWorld, Platform, type RunningServer } from '../../../fake-graph-api/index.js';
import { RetainedLog, parseRetention } from '../../../fake-graph-api/retained-log.js';
import { serve } from '../../../simulator/serve.js';
import { ACME, ANN, NOW, WORLD } from '../graph/fixtures/world.js';
import { receiversClosedAfterEach } from '../webhooks/fixtures/receiver.js';
import { ANN as WANN, PAGE, world } from '../webhooks/fixtures/world.js';

/** Issue 13, point 2: bounded memory, nothing forgotten silently, dumps that page and stream at any size. */
describe('RetainedLog', () => {
  it('keeps the newest N with stable sequence numbers and counts what it dropped', () => {
    const log = new RetainedLog<string>(3);
    const seqs = ['a', 'b', 'c', 'd', 'e'].map((x) => log.push(x));
    expect(seqs).toEqual([0, 1, 2, 3, 4]);
    expect([log.toArray(), log.total, log.size, log.dropped, log.first, log.at(1), log.at(2)]).toEqual([['c', 'd', 'e'], 5, 3, 2, 2, undefined, 'c']);
    expect(log.page(-1, 2)).toEqual({ entries: [{ seq: 2, entry: 'c' }, { seq: 3, entry: 'd' }], next: 3 });
    expect(log.page(3, 10)).toEqual({ entries: [{ seq: 4, entry: 'e' }], next: 4 });
    expect(log.page(4, 10)).toEqual({ entries: [], next: 4 });
    expect(log.page(-1, 10, (e) => e === 'e')).toEqual({ entries: [{ seq: 4, entry: 'e' }], next: 4 });
  });

  it('0 keeps nothing but still numbers and counts; all keeps everything; compaction keeps order over a million pushes', () => {
    const none = new RetainedLog<number>(0);
    expect([none.push(1), none.push(2), none.size, none.dropped, none.total]).toEqual([0, 1, 0, 2, 2]);
    const all = new RetainedLog<number>('all');
    for (let i = 0; i < 5_000; i++) all.push(i);
    expect([all.size, all.dropped]).toEqual([5_000, 0]);
    const ring = new RetainedLog<number>(1_000);
    for (let i = 0; i < 1_000_000; i++) ring.push(i);
    expect([ring.size, ring.dropped, ring.first, ring.at(999_000), ring.at(999_999), ring.toArray()[0]]).toEqual([1_000, 999_000, 999_000, 999_000, 999_999, 999_000]);
  });

  it('--retain-events reads a whole number or "all"', () => {
    expect([parseRetention('0'), parseRetention('100000'), parseRetention('all'), parseRetention('-1'), parseRetention('1.5'), parseRetention('many')])
      .toEqual([0, 100_000, 'all', undefined, undefined, undefined]);
  });
});

const fake = (retainEvents: number | 'all' = 'all') => {
  const platform = new Platform(parseWorld(WORLD), { clock: { now: () => NOW }, retainEvents });
  return { platform, http: request(createApp(platform)) };
};
const write = (platform: Platform, n: number) => {
  for (let i = 0; i < n; i++) platform.userWrites(ACME, ANN, { text: `m${i}` });
};
const textOf = (e: { event: { message: { text: string } } }) => e.event.message.text;
/** supertest: the body as the text that arrived, whatever its type. */
const asText = (r: request.Response, cb: (err: Error | null, body: string) => void) => {
  const stream = r as unknown as NodeJS.ReadableStream; // supertest hands the raw response stream to a parser
  let text = '';
  stream.on('data', (d: Buffer) => { text += d.toString(); });
  stream.on('end', () => cb(null, text));
};

describe('GET /__admin/events: retention, pages, NDJSON', () => {
  it('keeps the newest N events; health counts the dropped ones', async () => {
    const { platform, http } = fake(4);
    write(platform, 2); // every user message of ACME goes to its primary and to 3 standby listeners: 8 events
    expect(platform.totalEvents).toBe(8);
    const res = await http.get('/__admin/events').expect(200);
    expect(res.body.events).toEqual(platform.events());
    expect(res.body.events.map(textOf)).toEqual(['m1', 'm1', 'm1', 'm1']);
    expect((await http.get('/__admin/health')).body).toEqual({ status: 'ok', events: { total: 8, retained: 4, dropped: 4 }, incidents: 0 });
  });

  it('pages with ?after=SEQ&limit=N: each event with its seq, next to continue, total and dropped', async () => {
    const { platform, http } = fake(4);
    write(platform, 2); // 8 events, seq 4…7 kept
    const first = await http.get('/__admin/events?after=-1&limit=3').expect(200);
    expect(first.body).toEqual({
      events: platform.events().slice(0, 3).map((e, i) => ({ seq: 4 + i, ...e })),
      next: 6,
      total: 8,
      dropped: 4,
    });
    const second = await http.get('/__admin/events?after=6&limit=3').expect(200);
    expect(second.body).toEqual({ events: [{ seq: 7, ...platform.events()[3] }], next: 7, total: 8, dropped: 4 });
    expect((await http.get('/__admin/events?after=7').expect(200)).body).toEqual({ events: [], next: 7, total: 8, dropped: 4 });
  });

  it('refuses bad paging in Meta\'s envelope', async () => {
    const { http } = fake();
    for (const q of ['after=x', 'limit=0', 'limit=10001', 'after=-2', 'page=1']) {
      const res = await http.get(`/__admin/events?${q}`);
      expect([q, res.status, res.body.error.code]).toEqual([q, 400, 100]);
    }
  });

  it('streams NDJSON (Accept: application/x-ndjson), one {"seq",…} per line, after/limit honoured, across chunk boundaries', async () => {
    const { platform, http } = fake();
    write(platform, 600); // 2 400 events: several chunks
    const res = await http.get('/__admin/events').set('Accept', 'application/x-ndjson').buffer(true).parse(asText).expect(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = (res.body as string).trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number });
    expect(lines).toEqual(platform.events().map((e, seq) => ({ seq, ...e })));
    const some = await http.get('/__admin/events?after=2390&limit=5').set('Accept', 'application/x-ndjson').buffer(true).parse(asText);
    expect((some.body as string).trimEnd().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([2391, 2392, 2393, 2394, 2395]);
  });

  it('the whole dump is streamed in chunks and is byte for byte what one JSON.stringify gives', async () => {
    const { platform, http } = fake();
    write(platform, 600);
    const res = await http.get('/__admin/events').buffer(true).parse(asText).expect(200);
    expect(res.body).toBe(JSON.stringify({ events: platform.events() }));
    expect(textOf(JSON.parse(res.body as string).events[2_399])).toBe('m599');
  });

  it('POST /__admin/reset drops the log and its counters', async () => {
    const { platform, http } = fake(4);
    write(platform, 3);
    await http.post('/__admin/reset').expect(200);
    expect((await http.get('/__admin/health')).body.events).toEqual({ total: 0, retained: 0, dropped: 0 });
    expect(platform.events()).toEqual([]);
  });
});

describe('GET /__admin/deliveries: retention and pages', () => {
  const receivers = receiversClosedAfterEach();

  it('keeps the newest N settled records, pages them with seq, counts the dropped in health', async () => {
    const bot = await receivers.start();
    const desk = await receivers.start();
    const platform = new Platform(world({ bot: bot.url, desk: desk.url }));
    const dispatcher = createWebhookDispatcher(platform, { retainDeliveries: 3 });
    dispatcher.start();
    const http = request(createApp(platform, { dispatcher }));
    for (let i = 0; i < 5; i++) platform.userWrites(PAGE, WANN, { text: `m${i}` }); // the bot's webhook hears each: 5 records
    await dispatcher.drain();
    expect(dispatcher.deliveryCounts()).toEqual({ total: 5, retained: 3, dropped: 2, pending: 0 });
    const page = await http.get('/__admin/deliveries?after=-1&limit=2').expect(200);
    expect(page.body).toEqual({
      deliveries: dispatcher.deliveries().slice(0, 2).map((d, i) => ({ seq: 2 + i, ...d })),
      next: 3,
      total: 5,
      dropped: 2,
    });
    const all = await http.get('/__admin/deliveries').expect(200);
    expect(all.body).toEqual({ deliveries: dispatcher.deliveries(), subscriptions: dispatcher.subscriptions() });
    expect((await http.get('/__admin/health')).body.deliveries).toEqual({ total: 5, retained: 3, dropped: 2, pending: 0 });
    await dispatcher.stop();
  });
});

describe('serve: the default retention and the first-drop line', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('keeps 100 000 events by default and says once, in the log, when it starts dropping', async () => {
    const lines: string[] = [];
    server = await serve(parseWorld(WORLD), { port: 0, quiet: true }, (l) => lines.push(l));
    write(server.platform, 25_001); // 4 events each
    const notes = lines.filter((l) => l.includes('older ones are now dropped'));
    expect(notes).toEqual(['handover-sim: the event log keeps the newest 100000 events; older ones are now dropped (counted in GET /__admin/health; --retain-events all keeps every one)']);
    expect([server.platform.eventLog.size, server.platform.eventLog.dropped]).toEqual([100_000, 4]);
  });
});
