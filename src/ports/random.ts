/**
 * Randomness, injected like the Clock. The core never calls `Math.random` or
 * `crypto`: backoff jitter, the first wave's start delays and the first poll's
 * offset all draw from this. The CLI and the plugin pass `systemRandom()`
 * (src/clocks/random.ts, Web Crypto); tests, the benchmark and the simulator pass
 * a seeded one (`seededRandom` in core/scheduler/random.ts), so a run replays.
 */

/** Returns a uniform number in [0, 1) on every call. */
export type Random = () => number;
