/**
 * handover-sim as a library: `import { startFakeGraphApi } from 'handover-sim'` in a test suite, or run
 * conformance checks from code. The command line (`handover-sim serve | simulate | conform …`) is in bin/.
 */
export {
  startFakeGraphApi,
  botWorld,
  DEFAULT_BOT_APP_ID,
  type FakeGraphApi,
  type FakeGraphApiOptions,
  type FakeUser,
  type BotOptions,
} from './simulator/conformance/start-fake-graph-api.js';
export type { ObservedCall } from './simulator/conformance/graph-observer.js';
export { BotNeverUpError, runConformance, type ConformanceOptions } from './simulator/conformance/runner.js';
export type { CheckResult, CheckStatus, ConformanceReport, BotRole, RootCause } from './simulator/conformance/types.js';
export { CHECKS, CHECK_IDS } from './simulator/conformance/checks/index.js';
export { loadContract, parseContract, type Contract } from './simulator/conformance/contract/contract.schema.js';
export { contractChecks } from './simulator/conformance/contract/contract-checks.js';
export { junitReport } from './simulator/conformance/report/junit.report.js';
export { formatReport } from './simulator/conformance/report/text.report.js';
export { startServer, type RunningServer, type ServeOptions } from './fake-graph-api/server.js';
export { Platform, type MessageToUser, type UserInput } from './fake-graph-api/platform.js';
export type { World, WorldInput } from './fake-graph-api/world/world.schema.js';
export type { RecordedEvent } from './fake-graph-api/webhooks/event-shapes.js';
export { LIKE_STICKER_ID, type Referral, type UserAttachment } from './fake-graph-api/webhooks/event-shapes.js';
export { verifyHubSignature, signatureHeaders } from './fake-graph-api/webhooks/signature.js';
export { PAGE_INBOX_APP_ID } from './machines/platform/ids.js';
export { CHANNELS, INSTAGRAM_INBOX_APP_ID, type ChannelName, type ChannelSelection, type ChannelSpec } from './machines/platform/channels/index.js';
export { builtInWorld, worldOnChannels } from './fake-graph-api/world/world-channels.js';
export type { WebhookField } from './machines/platform/routing.js';
export { createApp } from './fake-graph-api/http/create-app.js';
export { handleGraphRequest } from './fake-graph-api/graph/dispatch.js';
export { GRAPH_ERRORS, graphError, type GraphErrorKey } from './fake-graph-api/graph-errors.js';
export { loadWorld, parseWorld, WorldError } from './fake-graph-api/world/load-world.js';
export { createWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherOptions } from './fake-graph-api/webhooks/webhook-dispatcher.js';
export type { DeliveryRecord } from './fake-graph-api/webhooks/delivery-log.js';
export { MACHINES, type MachineName } from './machines/index.js';
export { PROFILES, type Profile, type ProfileName } from './machines/platform/profiles.js';
export { runScenario, type RunOptions, type RunResult } from './simulator/run-scenario.js';
export { SCENARIOS, findScenario } from './simulator/scenarios/index.js';
export type { Scenario, ScenarioStep, Expectations } from './simulator/scenario.js';
export { InvariantMonitor, INVARIANTS, type Violation } from './simulator/invariants.js';
export { diagnose, type DiagnoseOptions, type DoctorReport, type PageDiagnosis } from './simulator/doctor/diagnose.js';
export type { Finding, FindingId } from './simulator/doctor/findings.js';
export type { WorkflowResult, WorkflowStatus } from './simulator/doctor/verdicts.js';
export type { CallRecord } from './simulator/doctor/recorder.js';
export { WORKFLOWS, type WorkflowId } from './simulator/doctor/workflows.js';
export { formatDoctorReport } from './simulator/doctor/report.js';
export { readRunningFake, RunningFakeError, type RunningWorld } from './simulator/doctor/running-fake.js';
