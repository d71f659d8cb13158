/**
 * The environment of a user's shell, for the tools the specs start as a user would (npm, npx, tsc, jest, the
 * docs' commands): none of this test run's vitest or npm variables, nor a HANDOVER_SIM_* switch, leak into them.
 */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|npm_|NODE_OPTIONS$|HANDOVER_SIM_|TEST$|JEST_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' };
}
