/**
 * The step's own controls: the guided cycle (Start, Pause, Resume) and counting by hand.
 * It reads and writes the shared practice state (practice.js) and tells the view and the guide;
 * when a cycle ends it calls `onStepDone(byVoice)` so the caller can move on.
 */

import { runCycle } from './cycle.js';
import { isTimed, repsOf } from './steps.js';

const PHASE_ANNOUNCEMENT = { hold: 'sayHold', release: 'sayRelease', rest: 'sayRest' };

export function createCoach({ S, steps, state, prefs, view, guide, chime, onStepDone }) {
  function start() {
    const step = steps[state.index];
    if (state.screen !== 'step' || !isTimed(step) || state.cycle) return;
    chime.prepare(); // inside the click, so autoplay rules allow the chime later
    const index = state.index;
    const reps = repsOf(step);
    const done = state.repsDone.get(index) ?? 0;
    state.cycle = runCycle(step, {
      fromRep: done >= reps ? 0 : done,
      pace: prefs.pace,
      hooks: {
        beginPhase(phase, rep) {
          view.showPhase(phase, rep);
          view.announce(S[PHASE_ANNOUNCEMENT[phase.name]]);
          return guide.phase(phase, rep, reps);
        },
        tick(phase, left) {
          view.showSeconds(left);
          if (phase.name === 'hold') guide.count(left);
        },
        repDone(count) {
          if (step.reps) state.repsDone.set(index, count);
          view.renderTool();
        },
        done: finish,
      },
    });
    view.renderTool();
  }

  /** A cycle ran to its end: say so, then let the caller move on (by voice, it does). */
  function finish() {
    const step = steps[state.index];
    const visit = state.visit;
    const byVoice = guide.speaking();
    state.cycle = null;
    view.hidePhase();
    view.renderTool();
    view.announce(step.reps ? S.repsDone[step.reps] : S.stepDone);
    guide.say(S.sayStepDone).then(() => {
      if (visit === state.visit && state.open) onStepDone(byVoice);
    });
  }

  /** The big Start / Pause / Resume button, and the P key. */
  function toggle() {
    const { cycle } = state;
    if (!cycle) { start(); return; }
    if (cycle.paused) cycle.resume();
    else { cycle.pause(); guide.stop(); view.announce(S.paused); }
    view.renderTool();
  }

  /** Ends a running cycle without a word (the reader moved to another screen). */
  function stop() {
    state.cycle?.stop();
    state.cycle = null;
  }

  function addRep() {
    const { reps } = steps[state.index];
    state.repsDone.set(state.index, Math.min((state.repsDone.get(state.index) ?? 0) + 1, reps));
    view.renderTool();
    view.announceCount(); // confirms the press for readers who can't see the count
  }

  function resetReps() {
    state.repsDone.delete(state.index);
    view.renderTool();
  }

  return { start, toggle, stop, addRep, resetReps };
}
