import { describe, expect, it } from 'vitest';
import { timeSlice } from './time-slice.ts';

describe('timeSlice', () => {
  it('goes on at once while the budget lasts', () => {
    expect(timeSlice(1_000).pause()).toBeUndefined();
  });

  it('lets the event loop run other work once the budget is spent, then starts a new budget', async () => {
    // A clock of its own: on a loaded machine the real one could spend the new budget before the last check.
    let clock = 0;
    const slice = timeSlice(5, () => clock);
    expect(slice.pause()).toBeUndefined();
    clock = 6;
    let ran = false;
    setImmediate(() => void (ran = true));
    const pause = slice.pause();
    expect(pause).toBeInstanceOf(Promise);
    await pause;
    expect(ran).toBe(true);
    expect(slice.pause()).toBeUndefined();
  });
});
