/**
 * A world that failed validation; the message names the source and every bad field, never a stack.
 * Apart from load-world.ts so the command line can recognise it without loading zod and the default world.
 */
export class WorldError extends Error {
  override name = 'WorldError';
}
