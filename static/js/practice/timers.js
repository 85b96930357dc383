/** A countdown that can pause. */

/**
 * Counts `seconds` down, calling `onTick(secondsLeft)` now and as each whole second passes.
 * It reads the clock rather than counting ticks, and wakes exactly at each second's edge:
 * timers drift, and are throttled when the tab is hidden. Returns `{ done, pause, resume,
 * stop }`: `done` resolves at zero; a stopped countdown never resolves, so whoever awaited it
 * simply goes no further.
 */
export function startCountdown(seconds, onTick) {
  let left = seconds * 1000;
  let endsAt = 0;
  let timeout = 0;
  let running = false;
  let finish;
  const done = new Promise((resolve) => { finish = resolve; });

  function tick() {
    const ms = Math.max(0, endsAt - performance.now());
    onTick(Math.ceil(ms / 1000));
    if (ms === 0) { running = false; finish(); return; }
    timeout = window.setTimeout(tick, ms % 1000 || 1000);
  }

  function run() {
    running = true;
    endsAt = performance.now() + left;
    tick();
  }

  run();
  return {
    done,
    pause() {
      if (!running) return;
      running = false;
      window.clearTimeout(timeout);
      left = Math.max(0, endsAt - performance.now());
    },
    resume() { if (!running && left > 0) run(); },
    stop() { running = false; window.clearTimeout(timeout); left = 0; },
  };
}
