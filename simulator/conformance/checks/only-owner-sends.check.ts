import { defineCheck } from '../check.js';
import { isIdleSendRefusal, isNotOwnerRefusal, isSend } from '../excerpt.js';

/**
 * 3. The bot never calls the Send API for a thread it may not send into: it does not answer standby
 * traffic, it does not send after it passed control, and (where threads go idle: HOP v2, Conversation
 * Routing) it does not take a thread that went idle under it for its own: once control lapsed without a
 * webhook (a release or the 24-hour expiry look alike), the user's return through an m.me link reaches
 * every app, and only the default application may answer it under Conversation Routing; the user's next
 * message makes the thread the primary's or default app's, not the bot's, unless the bot is that app. The platform judges each send:
 * any (#10) 2018300, or a send into an idle thread by an app that is not the default app, is a failure.
 */
export const onlyOwnerSends = defineCheck({
  id: 'only-owner-sends',
  number: 3,
  title: 'It never sends into a thread another app owns, and does not answer standby traffic',
  async run({ h, handoverText }) {
    const start = h.mark();
    const [standby, handed, idle] = [h.user(), h.user(), h.user()];
    // The three parts use threads of their own, so they run side by side.
    const [, , lapsed] = await Promise.all([
      // Standby traffic: the thread is with the other app; the user writes and taps a button.
      (async () => {
        h.handToOtherApp(standby);
        h.userWrites(standby, 'hello, is anybody there?');
        h.userTaps(standby, 'Track my order', 'TRACK_ORDER');
        await h.settle([standby]);
      })(),
      // The bot's own hand-over: nothing may be sent into the thread once it is passed.
      (async () => {
        h.ensureBotOwns(handed);
        await h.settle([handed]);
        h.userWrites(handed, handoverText);
        await h.settle([handed]);
      })(),
      // Control lapses under the bot without a webhook; the user comes back through an m.me link (every app
      // hears an idle thread's referral on messaging), then writes again.
      (async () => {
        h.ensureBotOwns(idle);
        await h.settle([idle]);
        const outcome = h.goesIdle(idle);
        if (outcome.ok) {
          h.platform.userArrives(h.pageId, idle, { ref: 'back-a-day-later' });
          await h.settle([idle], { awaitReaction: false }); // a referral wants no answer; a greeting comes at once
          h.userWrites(idle, 'hello again, a day later');
          await h.settle([idle]);
        }
        return outcome;
      })(),
    ]);
    const answeredStandby = h.botCallsSince(start).filter((c) => c.psid === standby && isSend(c));

    const calls = h.botCallsSince(start);
    const passedAt = calls.find((c) => c.psid === handed && c.edge === 'pass_thread_control' && c.status === 200)?.seq;
    const afterPass = passedAt === undefined ? [] : calls.filter((c) => c.psid === handed && c.seq > passedAt && isSend(c));
    const refused = calls.filter(isNotOwnerRefusal);
    const intoIdle = calls.filter(isIdleSendRefusal);

    const problems: string[] = [];
    if (answeredStandby.length > 0) problems.push(`answered standby traffic ${answeredStandby.length} time(s)`);
    if (afterPass.length > 0) problems.push(`sent ${afterPass.length} message(s) after passing control`);
    if (refused.length > 0) problems.push(`caused ${refused.length} (#10) 2018300 refusal(s)`);
    if (intoIdle.length > 0) problems.push(`sent ${intoIdle.length} message(s) into an idle thread it does not own and is not the default app of`);
    const psids = [standby, handed, idle];
    if (problems.length > 0) {
      return { status: 'fail', summary: `the bot ${problems.join('; ')}`, psids };
    }
    const passNote = passedAt === undefined ? ` (the bot did not pass control on ${JSON.stringify(handoverText)}: the after-pass part was not exercised)` : '';
    const idleNote = lapsed.ok ? '' : ` (threads never go idle under ${h.protocol}: the idle part does not apply)`;
    return { status: 'pass', summary: `standby traffic not answered; no send into a thread the bot does not own${passNote}${idleNote}`, psids };
  },
});
