import { defineCheck } from '../check.js';
import { isNotOwnerRefusal, isSend } from '../excerpt.js';

/**
 * 3. The bot never calls the Send API for a thread another app owns: it does not answer standby traffic,
 * and it does not send after it passed control. Any (#10) 2018300 the bot causes is a failure.
 */
export const onlyOwnerSends = defineCheck({
  id: 'only-owner-sends',
  number: 3,
  title: 'It never sends into a thread another app owns, and does not answer standby traffic',
  async run({ h, handoverText }) {
    const start = h.mark();
    // Standby traffic: the thread is with the other app; the user writes and taps a button.
    const standby = h.user();
    h.handToOtherApp(standby);
    h.userWrites(standby, 'hello, is anybody there?');
    await h.settle();
    h.userTaps(standby, 'Track my order', 'TRACK_ORDER');
    await h.settle();
    const answeredStandby = h.botCallsSince(start).filter((c) => c.psid === standby && isSend(c));

    // The bot's own hand-over: nothing may be sent into the thread once it is passed.
    const handed = h.user();
    h.ensureBotOwns(handed);
    await h.settle();
    h.userWrites(handed, handoverText);
    await h.settle();
    const calls = h.botCallsSince(start);
    const passedAt = calls.find((c) => c.psid === handed && c.edge === 'pass_thread_control' && c.status === 200)?.seq;
    const afterPass = passedAt === undefined ? [] : calls.filter((c) => c.psid === handed && c.seq > passedAt && isSend(c));
    const refused = calls.filter(isNotOwnerRefusal);

    const problems: string[] = [];
    if (answeredStandby.length > 0) problems.push(`answered standby traffic ${answeredStandby.length} time(s)`);
    if (afterPass.length > 0) problems.push(`sent ${afterPass.length} message(s) after passing control`);
    if (refused.length > 0) problems.push(`caused ${refused.length} (#10) 2018300 refusal(s)`);
    const psids = [standby, handed];
    if (problems.length > 0) {
      return { status: 'fail', summary: `the bot ${problems.join('; ')}`, psids };
    }
    const passNote = passedAt === undefined ? ` (the bot did not pass control on ${JSON.stringify(handoverText)}: the after-pass part was not exercised)` : '';
    return { status: 'pass', summary: `standby traffic not answered; no send into a thread the bot does not own${passNote}`, psids };
  },
});
