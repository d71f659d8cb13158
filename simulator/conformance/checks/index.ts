import type { Check } from '../check.js';
import { controlReturned } from './control-returned.check.js';
import { everyEventAnswered } from './every-event-answered.check.js';
import { forgedSignature } from './forged-signature.check.js';
import { keepsListening } from './keeps-listening.check.js';
import { onlyOwnerSends } from './only-owner-sends.check.js';
import { passTarget } from './pass-target.check.js';
import { redelivery } from './redelivery.check.js';
import { requestHandling } from './request-handling.check.js';
import { survives } from './survives.check.js';
import { survivesUserEvents } from './survives-user-events.check.js';
import { webhookVerification } from './webhook-verification.check.js';

/**
 * Every built-in check, in the order they run (and are numbered): `survives` closes the protocol checks
 * 1–10; 11–16 then check, one event each, that the bot survives the user's other gestures.
 */
export const CHECKS: readonly Check[] = [
  webhookVerification,
  everyEventAnswered,
  onlyOwnerSends,
  keepsListening,
  controlReturned,
  requestHandling,
  passTarget,
  forgedSignature,
  redelivery,
  survives,
  ...survivesUserEvents,
];

export const CHECK_IDS = CHECKS.map((c) => c.id);
