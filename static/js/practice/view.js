/**
 * What practice mode shows: which screen, the step, the dock's controls and the phase panel.
 * Only reads the state (practice.js owns it); focus stays where it is unless a screen changes.
 */

import { cloneWithoutIds, el } from './dom.js';
import { isTimed, repsOf } from './steps.js';
import { format } from './strings.js';

const PACE_LABELS = { 1: 'paceWritten', 1.25: 'paceSlower', 1.5: 'paceMuchSlower', 0.75: 'paceFaster' };
const PHASE_LABELS = { hold: 'hold', release: 'release', rest: 'rest' };

export function createView({ ui, S, steps, state, prefs }) {
  let announceTimer = 0;

  /** Clearing first lets a repeated message be announced again; only the latest wins. */
  function announce(message) {
    window.clearTimeout(announceTimer);
    ui.live.textContent = '';
    announceTimer = window.setTimeout(() => { ui.live.textContent = message; }, 60);
  }

  function showScreen() {
    const { screen } = state;
    ui.root.dataset.screen = screen;
    ui.before.root.hidden = screen !== 'before';
    ui.step.hidden = screen !== 'step';
    ui.end.root.hidden = screen !== 'end';
    ui.tool.hidden = screen !== 'step';
    ui.previous.parentElement.hidden = screen === 'end';
    ui.previous.hidden = screen === 'before';
    ui.next.textContent = screen === 'before' ? S.ready
      : state.index === steps.length - 1 ? S.finish : S.next;
    ui.body.scrollTop = 0;
    hidePhase();
  }

  function renderStep() {
    const step = steps[state.index];
    ui.progress.textContent = format(S.stepOf, { current: state.index + 1, total: steps.length });
    ui.title.textContent = step.title;
    ui.drawing.replaceChildren(...(step.drawing ? [cloneWithoutIds(step.drawing)] : []));
    ui.drawing.hidden = !step.drawing;
    ui.cue.textContent = step.cue;
    ui.title.lang = step.titleLang;
    ui.cue.lang = step.cueLang;
    ui.facts.replaceChildren(...step.facts.map((fact) => el('li', { text: fact })));
    ui.facts.hidden = step.facts.length === 0;
    renderTool();
  }

  /** The dock: the rep count, Start / Pause / Resume for a timed step, "Done a rep" to count by hand. */
  function renderTool() {
    const step = steps[state.index];
    const reps = step.reps;
    const done = state.repsDone.get(state.index) ?? 0;
    const timed = isTimed(step);
    ui.repCount.hidden = reps === 0;
    ui.repCount.textContent = !reps ? '' : done >= reps ? S.repsDone[reps] : format(S.repOf, { current: done + 1, total: reps });
    ui.repCount.classList.toggle('practice__count--complete', reps > 0 && done >= reps);
    ui.run.hidden = !timed;
    ui.run.textContent = !state.cycle ? S.start : state.cycle.paused ? S.resume : S.pause;
    ui.run.setAttribute('aria-pressed', String(Boolean(state.cycle?.paused)));
    ui.repDone.hidden = reps === 0 || Boolean(state.cycle);
    ui.repReset.hidden = done === 0;
    ui.tool.hidden = state.screen !== 'step' || (reps === 0 && !timed);
  }

  /** The large panel over the step: "Hold", "Release slowly", "Rest", with the seconds left. */
  function showPhase(phase, rep) {
    ui.phase.hidden = false;
    ui.phase.dataset.phase = phase.name;
    ui.phaseName.textContent = S[PHASE_LABELS[phase.name]];
    const total = repsOf(steps[state.index]);
    ui.phaseRep.textContent = total > 1 ? format(S.repOf, { current: rep + 1, total }) : '';
  }

  function showSeconds(left) {
    ui.phaseSeconds.textContent = format(S.seconds, { seconds: left });
  }

  function hidePhase() {
    ui.phase.hidden = true;
  }

  function renderPreferences() {
    ui.voice.setAttribute('aria-pressed', String(prefs.voice));
    ui.sound.textContent = prefs.sound ? S.soundOn : S.soundOff;
    ui.pace.textContent = S[PACE_LABELS[prefs.pace]];
  }

  function notice(message) {
    ui.notice.textContent = message;
    ui.notice.hidden = !message;
  }

  function announceCount() {
    announce(ui.repCount.textContent);
  }

  return { announce, announceCount, showScreen, renderStep, renderTool, showPhase, showSeconds, hidePhase, renderPreferences, notice };
}
