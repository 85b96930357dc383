/** The hold countdown. */

/**
 * Counts `seconds` down, calling `onTick(secondsLeft)` now and about five times a second, then
 * `onEnd()` at zero. It reads the clock rather than counting ticks: timers drift, and are
 * throttled when the tab is hidden. Returns `{ stop }`, which ends it without `onEnd`.
 */
export function startCountdown(seconds, { onTick, onEnd }) {
  const endsAt = performance.now() + seconds * 1000;
  const secondsLeft = () => Math.max(0, Math.ceil((endsAt - performance.now()) / 1000));
  const interval = window.setInterval(() => {
    const left = secondsLeft();
    onTick(left);
    if (left === 0) {
      window.clearInterval(interval);
      onEnd();
    }
  }, 200);
  onTick(secondsLeft());
  return { stop: () => window.clearInterval(interval) };
}
