import { describe, expect, it } from 'vitest';
import { timeSlice } from './time-slice.ts';

const spin = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* busy, as rating is */
  }
};

describe('timeSlice', () => {
  it('goes on at once while the budget lasts', () => {
    expect(timeSlice(1_000).pause()).toBeUndefined();
  });

  it('lets the event loop run other work once the budget is spent, then starts a new budget', async () => {
    const slice = timeSlice(5);
    spin(6);
    let ran = false;
    setImmediate(() => void (ran = true));
    const pause = slice.pause();
    expect(pause).toBeInstanceOf(Promise);
    await pause;
    expect(ran).toBe(true);
    expect(slice.pause()).toBeUndefined();
  });
});
