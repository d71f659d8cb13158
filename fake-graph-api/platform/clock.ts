/** Where the platform's time comes from: the simulator's clock in simulations, the real one in `serve`. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
