/**
 * Practice mode for a routine page: a full-screen, one-step-at-a-time view with a rep counter,
 * a hold countdown, an optional soft chime and a screen wake lock.
 *
 * Progressive enhancement: the page is complete without this script. The start button ships
 * `hidden` and is revealed here, so readers without JavaScript never see a dead control.
 * No framework, no build step, no inline styles (the CSP forbids them): visibility is the
 * `hidden` attribute and everything else is classes in the "Practice mode" part of
 * static/css/site.css. This module keeps the state and the steps; each other job has its own
 * module in practice/, imported relatively so the hashed copies of collectstatic still work.
 */

import { buildDialog, el, makePageInertExcept, trapTab } from './practice/dialog.js';
import { actionForKey, watchSwipes } from './practice/navigation.js';
import { createChime, loadSoundPreference, saveSoundPreference } from './practice/sound.js';
import { format, loadStrings } from './practice/strings.js';
import { startCountdown } from './practice/timers.js';
import { createWakeLock } from './practice/wake-lock.js';

/** A positive whole number from a data-* attribute, or 0 when absent or malformed. */
function positiveInt(value) {
  const number = Number.parseInt(value ?? '', 10);
  return Number.isFinite(number) && number > 0 ? number : 0;
}

/** Reads each step once. The visible "N." prefix is dropped: the dialog says "Step N of M". */
function readSteps(list) {
  return [...list.querySelectorAll('[data-step]')].map((item) => {
    const title = item.querySelector('.step__title')?.cloneNode(true);
    title?.querySelector('.step__number')?.remove();
    const start = Number.parseFloat(item.dataset.start ?? '');
    return {
      title: title?.textContent.replace(/\s+/g, ' ').trim() ?? '',
      cue: item.querySelector('.step__cue')?.textContent.trim() ?? '',
      // Each text's own language (its `lang`, else the page's): a routine not yet translated
      // is shown in the language it has, and must be read out in it.
      titleLang: item.querySelector('.step__title')?.closest('[lang]')?.lang ?? '',
      cueLang: item.querySelector('.step__cue')?.closest('[lang]')?.lang ?? '',
      facts: [...item.querySelectorAll('.step__facts li')].map((li) => li.textContent.trim()).filter(Boolean),
      reps: positiveInt(item.dataset.reps),
      hold: positiveInt(item.dataset.hold),
      start: Number.isFinite(start) && start >= 0 ? start : null,
    };
  });
}

/** Wires one routine's practice mode. All state is local to this call: nothing leaks to window. */
function setUpPractice(article) {
  const startWrap = article.querySelector('[data-practice-start]');
  const startButton = startWrap?.querySelector('button');
  const stepList = article.querySelector('[data-steps]');
  const steps = stepList ? readSteps(stepList) : [];
  const S = loadStrings();
  if (!startButton || steps.length === 0 || !S) return;

  const routineTitle = article.querySelector('#routine-title')?.textContent.trim() || document.title;
  const ui = buildDialog(S, routineTitle);
  const chime = createChime();
  const wakeLock = createWakeLock();
  const state = {
    open: false, index: 0, repsDone: new Map(), hold: null,
    sound: loadSoundPreference(), freePage: null, announceTimer: 0,
  };

  /** Clearing first lets a repeated message ("Release.") be announced again; only the latest wins. */
  function announce(message) {
    window.clearTimeout(state.announceTimer);
    ui.live.textContent = '';
    state.announceTimer = window.setTimeout(() => { ui.live.textContent = message; }, 60);
  }

  function renderSound() {
    ui.sound.textContent = state.sound ? S.soundOn : S.soundOff;
  }

  function renderReps() {
    const { reps } = steps[state.index];
    ui.reps.hidden = reps === 0;
    if (!reps) return;
    const done = state.repsDone.get(state.index) ?? 0;
    ui.repCount.textContent = done >= reps ? S.repsDone[reps] : format(S.repOf, { current: done + 1, total: reps });
    ui.reps.classList.toggle('practice__reps--complete', done >= reps);
  }

  function renderHoldIdle() {
    const { hold } = steps[state.index];
    ui.hold.hidden = hold === 0;
    ui.hold.classList.remove('practice__hold--running');
    ui.timer.textContent = format(S.seconds, { seconds: hold });
    ui.holdButton.textContent = format(S.holdStart, { seconds: hold });
  }

  /** Shows one step. Focus stays where it is (usually Next), the live region says what changed. */
  function showStep(index, { announceStep = true } = {}) {
    stopHold();
    state.index = Math.min(Math.max(index, 0), steps.length - 1);
    const step = steps[state.index];
    const numbers = { current: state.index + 1, total: steps.length };
    ui.progress.textContent = format(S.stepOf, numbers);
    ui.title.textContent = step.title;
    ui.cue.textContent = step.cue;
    ui.title.lang = step.titleLang;
    ui.cue.lang = step.cueLang;
    ui.facts.replaceChildren(...step.facts.map((fact) => el('li', { text: fact })));
    ui.facts.hidden = step.facts.length === 0;
    renderReps();
    renderHoldIdle();
    // aria-disabled rather than disabled: a disabled button drops focus out of the dialog.
    ui.previous.setAttribute('aria-disabled', String(state.index === 0));
    ui.next.textContent = state.index === steps.length - 1 ? S.finish : S.next;
    ui.body.scrollTop = 0;
    // A focused rep or hold button may have just been hidden; don't let focus fall to <body>.
    const active = document.activeElement;
    if (state.open && (!ui.root.contains(active) || active.getClientRects().length === 0)) ui.title.focus();
    seekVideo(step);
    if (announceStep) announce(format(S.stepAnnounce, { ...numbers, title: step.title }));
  }

  /** If the page has a routine video, keep it in step; a seek on an unready video may throw. */
  function seekVideo(step) {
    const video = document.querySelector('video[data-routine-video]');
    if (!video || step.start === null) return;
    try { video.currentTime = step.start; } catch { /* not seekable yet */ }
  }

  function go(action) {
    if (action === 'next') {
      if (state.index < steps.length - 1) showStep(state.index + 1);
      else { state.index = 0; state.repsDone.clear(); close(); } // finished: next time starts afresh
    } else if (action === 'previous' && state.index > 0) showStep(state.index - 1);
    else if (action === 'first' && state.index !== 0) showStep(0);
    else if (action === 'last' && state.index !== steps.length - 1) showStep(steps.length - 1);
    else if (action === 'close') close();
  }

  function addRep() {
    const { reps } = steps[state.index];
    state.repsDone.set(state.index, Math.min((state.repsDone.get(state.index) ?? 0) + 1, reps));
    renderReps();
    announce(ui.repCount.textContent); // confirms the press for readers who can't see the count
  }

  function resetReps() {
    state.repsDone.delete(state.index);
    renderReps();
  }

  /** The hold button starts the countdown, or stops a running one. */
  function toggleHold() {
    if (state.hold) { stopHold(); announce(S.holdStopped); return; }
    const seconds = steps[state.index].hold;
    if (state.sound) chime.prepare(); // inside the click, so autoplay rules allow the chime later
    ui.hold.classList.add('practice__hold--running');
    ui.holdButton.textContent = S.holdStop;
    state.hold = startCountdown(seconds, {
      onTick: (left) => { ui.timer.textContent = format(S.seconds, { seconds: left }); },
      onEnd: finishHold,
    });
    announce(S.holdStarted[seconds]);
  }

  function finishHold() {
    state.hold = null;
    ui.hold.classList.remove('practice__hold--running');
    ui.holdButton.textContent = format(S.holdStart, { seconds: steps[state.index].hold });
    announce(S.holdEnd);
    if (state.sound) chime.play();
  }

  function stopHold() {
    if (!state.hold) return;
    state.hold.stop();
    state.hold = null;
    renderHoldIdle();
  }

  function toggleSound() {
    state.sound = !state.sound;
    saveSoundPreference(state.sound);
    renderSound();
    if (state.sound) chime.play(); // a preview, so the reader can judge the volume right away
  }

  function onKeydown(event) {
    if (event.key === 'Tab') { trapTab(ui.root, event); return; }
    const action = actionForKey(event);
    if (!action) return;
    event.preventDefault();
    go(action);
  }

  function open() {
    if (state.open) return;
    state.open = true;
    showStep(state.index, { announceStep: false });
    renderSound();
    ui.root.hidden = false;
    state.freePage = makePageInertExcept(ui.root);
    document.documentElement.classList.add('practice-open');
    wakeLock.hold();
    ui.title.focus();
  }

  function close() {
    if (!state.open) return;
    state.open = false;
    stopHold();
    ui.root.hidden = true;
    state.freePage();
    document.documentElement.classList.remove('practice-open');
    wakeLock.letGo();
    chime.close();
    startButton.focus();
  }

  startButton.addEventListener('click', open);
  ui.leave.addEventListener('click', close);
  ui.previous.addEventListener('click', () => go('previous'));
  ui.next.addEventListener('click', () => go('next'));
  ui.repDone.addEventListener('click', addRep);
  ui.repReset.addEventListener('click', resetReps);
  ui.holdButton.addEventListener('click', toggleHold);
  ui.sound.addEventListener('click', toggleSound);
  ui.root.addEventListener('keydown', onKeydown);
  watchSwipes(ui.body, go);
  startWrap.hidden = false;
}

const routine = document.querySelector('[data-routine]');
if (routine) setUpPractice(routine);
