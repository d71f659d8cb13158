export { Platform, systemClock, type Caller, type Clock, type Outcome, type PlatformOptions, type HistoryEntry } from './platform.js';
export { createApp } from './http/create-app.js';
export { handleGraphRequest } from './graph/dispatch.js';
export type { GraphRequest, GraphResponse } from './graph/graph-request.js';
export { GRAPH_ERRORS, graphError, type GraphError, type GraphErrorKey } from './graph-errors.js';
export { startServer, type RunningServer, type ServeOptions } from './server.js';
export { loadWorld, parseWorld, WorldError } from './world/load-world.js';
export { DEFAULT_INSTAGRAM_ACCOUNT, DEFAULT_WORLD } from './world/default-world.js';
export { builtInWorld, worldOnChannels, type ChannelSelection } from './world/world-channels.js';
export type { World, WorldInput, WorldApp, WorldPage } from './world/world.schema.js';
export type { RecordedEvent } from './webhooks/event-shapes.js';
export {
  createWebhookDispatcher,
  type WebhookDispatcher,
  type WebhookDispatcherOptions,
  type Subscription,
  type SubscriptionState,
} from './webhooks/webhook-dispatcher.js';
export type { DeliveryRecord, DeliveryAttempt, DeliveryState, DeliveryFilter } from './webhooks/delivery-log.js';
export type { BatchOptions, DeliveryReport } from './webhooks/delivery-queue.js';
export type { VerifyResult } from './webhooks/verification.js';
export { DEFAULT_RETRY, retryDelay, type RetryOptions } from './webhooks/retry-schedule.js';
export { realTimerClock, type TimerClock } from './webhooks/timer-clock.js';
export { metaStringify } from './webhooks/meta-json.js';
export { envelope, type Envelope, type Entry, type BatchLayout } from './webhooks/envelope.js';
export { signatureHeaders, verifyHubSignature, hubSignature, webhookHeaders } from './webhooks/signature.js';
