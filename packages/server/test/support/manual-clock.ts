import type { Clock } from '../../src/domain/ports.js';

/** The only mock Tessera's tests use: a clock that moves when the test says so. */
export class ManualClock implements Clock {
  constructor(private epochMs = Date.UTC(2026, 10, 27, 12, 0, 10)) {}

  now(): number {
    return this.epochMs;
  }

  advanceSeconds(seconds: number): void {
    this.epochMs += seconds * 1000;
  }

  set(epochMs: number): void {
    this.epochMs = epochMs;
  }
}
