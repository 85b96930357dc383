/**
 * One step's guided cycle: for each repetition, hold (counted down), release slowly, rest;
 * then the repetition counts itself. What the reader sees and hears is up to the hooks.
 */

import { phasesOf, repsOf } from './steps.js';
import { startCountdown } from './timers.js';

/**
 * Runs `step` from repetition `fromRep` (0-based), each phase `pace` times its written length.
 * Hooks: `beginPhase(phase, rep)` may return a promise (a cue still being spoken delays the
 * clock, it never overlaps the next cue), `tick(phase, secondsLeft)`, `repDone(count)`, `done()`.
 * Returns `{ pause, resume, stop, paused }`.
 */
export function runCycle(step, { fromRep = 0, pace = 1, hooks }) {
  let stopped = false;
  let paused = false;
  let countdown = null;

  async function run() {
    for (let rep = fromRep; rep < repsOf(step); rep += 1) {
      for (const phase of phasesOf(step, rep)) {
        await hooks.beginPhase(phase, rep);
        if (stopped) return;
        countdown = startCountdown(phase.seconds * pace, (left) => hooks.tick(phase, left));
        if (paused) countdown.pause();
        await countdown.done;
        if (stopped) return;
      }
      hooks.repDone(rep + 1);
    }
    hooks.done();
  }

  run();
  return {
    pause() { paused = true; countdown?.pause(); },
    resume() { paused = false; countdown?.resume(); },
    stop() { stopped = true; countdown?.stop(); },
    get paused() { return paused; },
  };
}
