/**
 * Lets a long loop share its thread: `await slice.pause()` inside the loop returns at once until
 * `budgetMs` of work has run since the last turn, then yields to the event loop (setImmediate), so
 * timers, I/O and other requests run before the loop goes on. A billing run rating tens of thousands
 * of time entries in one synchronous stretch held the server's HTTP requests for half a second.
 * `now` is the clock (tests pass their own, so a loaded machine cannot spend the new budget).
 */
export function timeSlice(
  budgetMs = 8,
  now: () => number = () => performance.now(),
): { pause(): Promise<void> | undefined } {
  let since = now();
  return {
    pause() {
      if (now() - since < budgetMs) return undefined;
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          since = now();
          resolve();
        }),
      );
    },
  };
}
