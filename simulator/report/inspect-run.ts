import type { StatelyInspector } from '../inspect/stately.js';
import type { RunOptions } from '../run-scenario.js';
import type { AppStep } from '../runtime/app-host.js';

/**
 * What `simulate --inspect` streams for one scenario: the platform's page and threads, and each app's (and
 * user's) machine for each thread, under session ids prefixed by the scenario's name so that every
 * scenario of a run shows apart in one inspector.
 */
export function inspectRun(inspector: StatelyInspector, scenario: string): NonNullable<RunOptions['observe']> {
  const prefix = `${scenario}/`;
  const actors = new Map<string, ReturnType<StatelyInspector['steppedActor']>>();
  return {
    platform: (platform) => inspector.attachPlatform(platform, { prefix: scenario }),
    app: (step: AppStep) => {
      const session = `${prefix}${step.host.name}:${step.psid}`;
      let actor = actors.get(session);
      if (!actor) {
        actor = inspector.steppedActor(session, step.host.machine, { value: step.before.value, context: step.before.context });
        actors.set(session, actor);
      }
      actor.step(step.event, { value: step.after.value, context: step.after.context });
    },
  };
}
