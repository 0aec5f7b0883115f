/** Source of the current time, injected so tests and replays are deterministic. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at one instant, for tests and replays. */
export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });
