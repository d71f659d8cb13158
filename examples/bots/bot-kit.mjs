// A small Messenger bot with no dependencies, written the way the Handover Protocol asks, with switches
// that plant the classic bugs real bots have (one per example file). Run an example with node or tsx:
//
//   GRAPH_API_URL=http://127.0.0.1:3000/v19.0 PAGE_ACCESS_TOKEN=conformance-token \
//   APP_SECRET=shhh VERIFY_TOKEN=vt PORT=4000 node examples/bots/compliant-bot.mjs
//
// or with --graph-api-url=… --page-access-token=… --app-secret=… --verify-token=… --port=… arguments.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

export const PAGE_INBOX_APP_ID = '263902037430900';
export const TALK_TO_HUMAN = 'TALK_TO_HUMAN';
// Every field the bot handles: reads, deliveries and referrals too, which it survives without acting on.
const ALL_FIELDS = ['messages', 'messaging_postbacks', 'messaging_handovers', 'standby', 'message_echoes', 'messaging_referrals', 'message_reads', 'message_deliveries'];

/** Settings from --name=value arguments, then the environment. */
export function settingsFromEnv(argv = process.argv.slice(2), env = process.env) {
  const args = Object.fromEntries(argv.filter((a) => a.startsWith('--')).map((a) => {
    const [k, ...v] = a.slice(2).split('=');
    return [k, v.join('=')];
  }));
  const get = (name, fallback) => args[name] ?? env[name.toUpperCase().replaceAll('-', '_')] ?? fallback;
  return {
    graphApiUrl: get('graph-api-url', 'https://graph.facebook.com/v19.0'),
    accessToken: get('page-access-token', ''),
    appSecret: get('app-secret', ''),
    verifyToken: get('verify-token', ''),
    port: Number(get('port', '4000')),
    handoverText: get('handover-text', 'agent'),
    // How a crash ends the bot: 'exit' (an uncaught exception: the process dies, its stack trace on stderr)
    // or 'close' (in-process, for specs: the server closes and drops its connections, as a dead process would).
    crash: get('crash', 'exit'),
  };
}

/**
 * bugs: {
 *   answersStandby      – treats `standby` items like `messaging` ones and answers them,
 *   assumesMessaging    – reads `entry.messaging` only, and crashes (the process dies) on an entry that has `standby` instead,
 *   firstEventOnly      – reads `entry[0].messaging[0]` only, and drops every other event of a batched POST,
 *   firstItemPerEntry   – reads each entry's first item only, and takes a POST to be standby when its entry[0] is,
 *                         as Bottender 1.5 does: in a batch it drops the rest, and answers a standby entry that
 *                         follows a messaging one (Meta: "iterate over entry and messaging"),
 *   throwsOnBadSignature – throws on a bad signature instead of answering 403, as Meta's sample app's
 *                         verifyRequestSignature does: outside express, that kills the process,
 *   handsOverOnQuickReply – (not a bug) offers "Talk to a person" as a quick reply on the handover text, and
 *                         passes control when the user taps it (payload TALK_TO_HUMAN), as most bots do,
 *   ignoresSignature    – acts on any POST, signed or not,
 *   sendsAfterPass      – sends "an agent will be with you" right after passing control,
 *   noStandbySubscription – subscribes the page without the `standby` field,
 *   repliesTwice        – does not deduplicate redelivered events by mid,
 *   greetsOnReferral    – greets a user who arrives through an m.me link, whoever has the thread: under Conversation
 *                         Routing only the default application may send into an idle thread,
 *   answersAfterMs      – (not a bug) a slow bot: waits this many ms before each thing it does,
 *   asksSecondaryReceivers – before handing over, looks the Page Inbox up with GET secondary_receivers, a HOP v1
 *                         habit: Conversation Routing has no roles and refuses it (it passes to the inbox's id anyway),
 *   muteAfterStandby    – takes standby traffic to mean a human has the thread and stays quiet on it for good:
 *                         it still says "welcome back" when control comes back, but ignores what the user writes next,
 *   answersHandshakeOnly – (not a bug) answers a GET only when it is Meta's handshake (`hub.mode` and
 *                         `hub.verify_token` present), and leaves any other GET hanging, as Meta's sample apps do,
 *   crashesAfterAnswering – answers 200 first, then handles each entry in `body.entry.forEach(async (entry) => …)`
 *                         reading `entry.messaging` only: on a standby entry the rejection is unhandled and the
 *                         process dies after the bot answered (the shape of many real bots),
 *   logsRequests        – writes every request it gets, body and all, to stderr (a bot that logs a lot),
 *   startsAfterMs       – (not a bug) listens this many ms after it starts (a bot that loads a lot first),
 *   followsUpAfterMs    – (not a bug) after each reply to a message, sends "Anything else?" this many ms later,
 *                         as Meta's sample apps reply in timed steps,
 *   plantedCrash        – `{ on(item, channel), afterAnswering }`: dies (Error "planted crash") on the first item
 *                         `on` picks, as it reads the POST or just after answering it 200 (property specs pick
 *                         the crash point at random),
 * }
 */
export function startBot(settings = settingsFromEnv(), bugs = {}) {
  const seen = new Set();
  const muted = new Set(); // muteAfterStandby: threads the bot stopped answering
  const log = (...a) => (process.env.BOT_QUIET ? undefined : console.log('[bot]', ...a));

  async function graph(edge, body) {
    const url = `${settings.graphApiUrl.replace(/\/$/, '')}/me/${edge}?access_token=${encodeURIComponent(settings.accessToken)}`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) log(`${edge} refused:`, JSON.stringify(answer));
    return { ok: res.ok, answer };
  }
  const send = (psid, text) => graph('messages', { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text } });
  const offerHuman = (psid) => graph('messages', {
    recipient: { id: psid },
    messaging_type: 'RESPONSE',
    message: { text: 'Shall I get you a person?', quick_replies: [{ content_type: 'text', title: 'Talk to a person', payload: TALK_TO_HUMAN }] },
  });
  const secondaryReceivers = async () => {
    const url = `${settings.graphApiUrl.replace(/\/$/, '')}/me/secondary_receivers?fields=id,name&access_token=${encodeURIComponent(settings.accessToken)}`;
    await fetch(url).then((res) => res.arrayBuffer()).catch(() => undefined);
  };
  const passToInbox = async (psid) => {
    if (bugs.asksSecondaryReceivers) await secondaryReceivers();
    return passControlToInbox(psid);
  };
  const passControlToInbox = (psid) => graph('pass_thread_control', { recipient: { id: psid }, target_app_id: PAGE_INBOX_APP_ID, metadata: JSON.stringify({ reason: 'user asked for a human' }) });

  /** What to do for one item the bot owns (channel messaging): a list of async actions, decided now. */
  function decide(item) {
    const psid = item.sender?.id;
    if (item.message?.is_echo) return [];
    const mid = item.message?.mid ?? item.postback?.mid;
    if (mid !== undefined && !bugs.repliesTwice) {
      if (seen.has(mid)) return [];
      seen.add(mid);
    }
    if ((item.message || item.postback) && muted.has(psid)) return [];
    if (item.message) {
      const text = String(item.message.text ?? '');
      if (bugs.handsOverOnQuickReply) {
        // Meta sends a tapped quick reply as a message with its title as text and `quick_reply.payload`.
        if (item.message.quick_reply?.payload === TALK_TO_HUMAN) return [() => passToInbox(psid)];
        if (text.toLowerCase().includes(settings.handoverText.toLowerCase())) return [() => offerHuman(psid)];
      } else if (text.toLowerCase().includes(settings.handoverText.toLowerCase())) {
        return [async () => {
          const passed = await passToInbox(psid);
          if (passed.ok && bugs.sendsAfterPass) await send(psid, 'An agent will be with you shortly.');
        }];
      }
      return [async () => {
        await send(psid, `You said: ${text}`);
        if (bugs.followsUpAfterMs) setTimeout(() => send(psid, 'Anything else?').catch((err) => log('follow-up not sent:', err.message)), bugs.followsUpAfterMs);
      }];
    }
    if (item.postback) return [() => send(psid, `You tapped ${item.postback.title}`)];
    if (item.referral && bugs.greetsOnReferral) return [() => send(psid, 'Welcome! Glad the link brought you here.')];
    if (item.pass_thread_control) return [() => send(psid, 'Welcome back! How can I help?')];
    if (item.request_thread_control) {
      const target = String(item.request_thread_control.requested_owner_app_id);
      return [() => graph('pass_thread_control', { recipient: { id: psid }, target_app_id: target, metadata: 'request granted' })];
    }
    return []; // take_thread_control, app_roles: nothing to do
  }

  /** plantedCrash: whether this POST holds an item the planted crash is set off by. */
  const setsOffCrash = (body) => Boolean(bugs.plantedCrash) && (body.entry ?? []).some((entry) =>
    ['messaging', 'standby'].some((channel) => (entry[channel] ?? []).some((item) => bugs.plantedCrash.on(item, channel))));
  const plantedCrash = () => Object.assign(new Error('planted crash'), { planted: true });

  function handle(body) {
    if (setsOffCrash(body) && !bugs.plantedCrash.afterAnswering) throw plantedCrash();
    const actions = [];
    if (bugs.firstEventOnly) {
      const first = body.entry?.[0]?.messaging?.[0]; // the rest of a batched POST is silently dropped
      return first ? decide(first) : [];
    }
    if (bugs.firstItemPerEntry) {
      // Bottender 1.5's MessengerConnector: each entry's messaging[0] or standby[0], and the whole POST is
      // standby or not as its entry[0] is.
      const standby = 'standby' in (body.entry?.[0] ?? {});
      for (const entry of body.entry ?? []) {
        const item = entry.messaging?.[0] ?? entry.standby?.[0];
        if (item && !standby) actions.push(...decide(item));
      }
      return actions;
    }
    for (const entry of body.entry ?? []) {
      if (bugs.assumesMessaging) {
        for (const item of entry.messaging) actions.push(...decide(item)); // TypeError on a standby entry
        continue;
      }
      for (const item of entry.messaging ?? []) actions.push(...decide(item));
      for (const item of entry.standby ?? []) {
        if (bugs.answersStandby) actions.push(...decide(item));
        else {
          log('standby: another app has the thread of', item.sender?.id);
          if (bugs.muteAfterStandby) muted.add(item.sender?.id);
        }
      }
    }
    return actions;
  }

  const signed = (raw, header) => {
    if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
    const expected = Buffer.from(`sha256=${createHmac('sha256', settings.appSecret).update(raw).digest('hex')}`);
    const given = Buffer.from(header);
    return expected.length === given.length && timingSafeEqual(expected, given);
  };

  /**
   * An uncaught exception: the process dies with its stack trace, or (in-process) the server dies alone and
   * `settings.onCrash` hears the error (a stand-in supervisor in specs reads its stack as stderr).
   */
  function die(err, req) {
    if (settings.crash !== 'close') throw err; // from an async request handler: an unhandled rejection, exit code 1
    req?.socket.destroy();
    server.closeAllConnections();
    server.close(() => settings.onCrash?.(err));
  }

  /** crashesAfterAnswering: each entry handled after the answer, in an async callback nobody awaits. */
  function handleAfterAnswering(body) {
    body.entry?.forEach(async (entry) => {
      try {
        for (const item of entry.messaging) for (const action of decide(item)) await action().catch((err) => log('action failed:', err.message));
      } catch (err) {
        if (settings.crash !== 'close') throw err; // an unhandled rejection: the process dies, exit code 1
        die(err);
      }
    });
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (bugs.logsRequests && !process.env.BOT_QUIET) console.error(`[bot] ${req.method} ${req.url}`);
    if (req.method === 'GET') {
      // Meta's sample apps: `if (mode && token) { … }` and no else, so any other GET never gets an answer.
      if (bugs.answersHandshakeOnly && !(url.searchParams.has('hub.mode') && url.searchParams.has('hub.verify_token'))) return;
      const ok = url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === settings.verifyToken;
      res.writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' }).end(ok ? url.searchParams.get('hub.challenge') : 'Forbidden');
      return;
    }
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const raw = Buffer.concat(chunks); // the signature covers these exact bytes, \u escapes and all
    if (bugs.logsRequests && !process.env.BOT_QUIET) console.error(`[bot] body ${raw.toString('utf8')}`);
    if (!bugs.ignoresSignature && !signed(raw, req.headers['x-hub-signature-256'])) {
      if (bugs.throwsOnBadSignature) return die(new Error("Couldn't validate the request signature."), req);
      res.writeHead(403).end('bad signature');
      return;
    }
    if (bugs.crashesAfterAnswering && signed(raw, req.headers['x-hub-signature-256'])) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('EVENT_RECEIVED');
      handleAfterAnswering(JSON.parse(raw.toString('utf8')));
      return;
    }
    let actions;
    try {
      actions = handle(JSON.parse(raw.toString('utf8')));
    } catch (err) {
      if (bugs.assumesMessaging || err.planted) return die(err, req);
      log('crashed:', err.message);
      res.writeHead(500).end('internal error');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('EVENT_RECEIVED'); // answer first, act after
    if (bugs.plantedCrash?.afterAnswering && setsOffCrash(JSON.parse(raw.toString('utf8')))) return die(plantedCrash());
    for (const action of actions) {
      if (bugs.answersAfterMs) await new Promise((resolve) => setTimeout(resolve, bugs.answersAfterMs));
      await action().catch((err) => log('action failed:', err.message));
    }
  });

  /** At start the bot subscribes its page to its webhook fields (retrying until the Graph API is up). */
  async function subscribe() {
    const fields = bugs.noStandbySubscription ? ALL_FIELDS.filter((f) => f !== 'standby') : ALL_FIELDS;
    for (let i = 0; i < 120; i++) {
      const url = `${settings.graphApiUrl.replace(/\/$/, '')}/me/subscribed_apps?access_token=${encodeURIComponent(settings.accessToken)}`;
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subscribed_fields: fields.join(',') }) });
        if (res.ok) return true;
      } catch {
        // the Graph API is not up yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  const listen = () => new Promise((resolve) => server.listen(settings.port, '127.0.0.1', () => resolve(server.address().port)));
  const ready = bugs.startsAfterMs ? new Promise((resolve) => setTimeout(resolve, bugs.startsAfterMs)).then(listen) : listen();
  const subscribed = ready.then(() => subscribe());
  return { server, ready, subscribed, close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }) };
}

/** Runs the bot when its example file is the script being run. */
export function runIfMain(importMetaUrl, bugs) {
  if (process.argv[1] && new URL(importMetaUrl).pathname === process.argv[1]) {
    const bot = startBot(settingsFromEnv(), bugs);
    bot.ready.then((port) => console.log(`[bot] listening on http://127.0.0.1:${port}/webhook`));
  }
}
