/** The middle value of a benchmark's rounds (the upper one of two): rounds on a shared machine are noisy. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
