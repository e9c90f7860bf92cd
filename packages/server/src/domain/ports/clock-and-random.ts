/** Time and randomness: passed in, so tests move time without sleeping and never depend on luck. */

/** Time is passed in, never read from Date.now() in the domain. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A CSPRNG; never Math.random. */
export interface Random {
  bytes(length: number): Buffer;
  /** A uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}
