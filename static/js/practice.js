/**
 * Practice mode for a routine page: a full-screen, one-step-at-a-time view for someone on the
 * floor. It opens on the routine's cautions ("Before you start"), then guides each timed step
 * (hold, release slowly, rest; the repetitions count themselves), by voice if the reader asks,
 * and ends by saying so. The screen stays awake meanwhile.
 *
 * Progressive enhancement: the page is complete without this script. The start button ships
 * `hidden` and is revealed here, so readers without JavaScript never see a dead control.
 * No framework, no build step, no inline styles (the CSP forbids them): visibility is the
 * `hidden` attribute and everything else is classes in the "Practice mode" part of
 * static/css/site.css. This module keeps the state and decides; each other job has its own
 * module in practice/, imported relatively so the hashed copies of collectstatic still work.
 */

import { createCoach } from './practice/coach.js';
import { buildDialog, makePageInertExcept, trapTab } from './practice/dialog.js';
import { createGuide } from './practice/guide.js';
import { actionForKey, watchSwipes } from './practice/navigation.js';
import { loadPreferences, nextPace, savePreferences } from './practice/prefs.js';
import { createChime } from './practice/sound.js';
import { isTimed, readSteps } from './practice/steps.js';
import { format, loadStrings } from './practice/strings.js';
import { createView } from './practice/view.js';
import { createVoice } from './practice/voice.js';
import { createWakeLock } from './practice/wake-lock.js';

/** Wires one routine's practice mode. All state is local to this call: nothing leaks to window. */
function setUpPractice(article) {
  const startWrap = article.querySelector('[data-practice-start]');
  const startButton = startWrap?.querySelector('button');
  const stepList = article.querySelector('[data-steps]');
  const steps = stepList ? readSteps(stepList) : [];
  const S = loadStrings();
  if (!startButton || steps.length === 0 || !S) return;

  const ui = buildDialog(S, article);
  const chime = createChime();
  const voice = createVoice();
  const wakeLock = createWakeLock();
  const prefs = loadPreferences();
  const guide = createGuide({ S, voice, chime, prefs });
  voice.setPace(prefs.pace);
  // screen: 'before' | 'step' | 'end'. `visit` changes with every screen shown, so that what a
  // voice or a cycle finishes later can tell whether the reader has moved on meanwhile.
  const state = { open: false, screen: 'before', index: 0, repsDone: new Map(), cycle: null, side: '', visit: 0, freePage: null };
  const view = createView({ ui, S, steps, state, prefs });
  const coach = createCoach({
    S, steps, state, prefs, view, guide, chime,
    onStepDone: (byVoice) => { if (byVoice) go('next'); },
  });

  function leaveScreen() {
    state.visit += 1;
    coach.stop();
    guide.stop();
  }

  /**
   * Reads "Before you start" aloud, then each part of the box in its own language: a routine
   * not yet translated carries its language on its cautions, while the conditions and the link
   * to "when to see a professional" are in the page's.
   */
  function readBefore() {
    const { content } = ui.before;
    guide.readText(S.before);
    const parts = content.children.length ? [...content.children] : [content];
    for (const part of parts) {
      const text = part.textContent.replace(/\s+/g, ' ').trim();
      if (text) guide.readText(text, part.closest('[lang]')?.lang);
    }
  }

  function showBefore() {
    leaveScreen();
    state.screen = 'before';
    view.showScreen();
    ui.before.heading.focus();
    whenVoiceReady(readBefore);
  }

  /**
   * Runs `then` once the browser has listed its voices (Chrome lists none until first asked),
   * unless the reader has moved on meanwhile or wants no voice.
   */
  function whenVoiceReady(then) {
    if (!prefs.voice) return;
    const visit = state.visit;
    voice.ready().then(() => { if (visit === state.visit && state.open && guide.speaking()) then(); });
  }

  /** Shows one step. Focus stays where it is (usually Next), the live region says what changed. */
  function showStep(index, { announceStep = true } = {}) {
    leaveScreen();
    state.screen = 'step';
    state.index = Math.min(Math.max(index, 0), steps.length - 1);
    const step = steps[state.index];
    view.showScreen();
    view.renderStep();
    const active = document.activeElement;
    if (!ui.root.contains(active) || active.getClientRects().length === 0) ui.title.focus();
    seekVideo(step);
    if (announceStep) view.announce(format(S.stepAnnounce, { current: state.index + 1, total: steps.length, title: step.title }));
    const sideChanged = ['left', 'right'].includes(step.side) && step.side !== state.side;
    if (step.side) state.side = step.side;
    whenVoiceReady(() => guideStep(step, sideChanged));
  }

  /** By voice: read the step, then lead its cycle, or wait for Next when it has no timing. */
  function guideStep(step, sideChanged) {
    const visit = state.visit;
    guide.readStep(step, { sideChanged }).then(() => {
      if (visit !== state.visit || !state.open) return;
      if (isTimed(step)) coach.start();
      else guide.say(S.sayWaitNext);
    });
  }

  function showEnd() {
    leaveScreen();
    state.screen = 'end';
    state.index = 0;
    state.side = '';
    state.repsDone.clear(); // next time starts afresh
    view.showScreen();
    ui.end.heading.focus();
    view.announce(S.endTitle);
    guide.say(S.endTitle);
  }

  /** If the page has a routine video, keep it in step; a seek on an unready video may throw. */
  function seekVideo(step) {
    const video = document.querySelector('video[data-routine-video]');
    if (!video || step.start === null) return;
    try { video.currentTime = step.start; } catch { /* not seekable yet */ }
  }

  function go(action) {
    const last = steps.length - 1;
    const { screen, index } = state;
    if (action === 'close') close();
    else if (action === 'pause') { if (screen === 'step') coach.toggle(); }
    else if (screen === 'before') { if (action === 'next' || action === 'first') showStep(index); else if (action === 'last') showStep(last); }
    else if (screen === 'end') { if (action === 'previous' || action === 'last') showStep(last); else if (action === 'first') showStep(0); }
    else if (action === 'next') { if (index < last) showStep(index + 1); else showEnd(); }
    else if (action === 'previous') { if (index > 0) showStep(index - 1); else showBefore(); }
    else if (action === 'first' && index !== 0) showStep(0);
    else if (action === 'last' && index !== last) showStep(last);
  }

  function setPreference(name, value) {
    prefs[name] = value;
    savePreferences(prefs);
    view.renderPreferences();
  }

  function toggleVoice() {
    setPreference('voice', !prefs.voice);
    view.notice('');
    if (!prefs.voice) { guide.stop(); return; }
    chime.prepare();
    voice.warmUp();
    voice.ready().then(() => {
      if (!prefs.voice || !state.open) return;
      if (!guide.speaking()) { view.notice(S.noVoice); return; }
      if (state.screen === 'before') readBefore();
      else if (state.screen === 'step' && !state.cycle) guideStep(steps[state.index], false);
      else if (state.screen === 'end') guide.say(S.endTitle);
    });
  }

  function toggleSound() {
    setPreference('sound', !prefs.sound);
    if (prefs.sound) chime.play(); // a preview, so the reader can judge the volume right away
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
    view.renderPreferences();
    ui.root.hidden = false;
    state.freePage = makePageInertExcept(ui.root);
    document.documentElement.classList.add('practice-open');
    wakeLock.hold();
    if (prefs.voice) { chime.prepare(); voice.warmUp(); }
    showBefore();
  }

  function close() {
    if (!state.open) return;
    state.open = false;
    leaveScreen();
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
  ui.run.addEventListener('click', coach.toggle);
  ui.repDone.addEventListener('click', coach.addRep);
  ui.repReset.addEventListener('click', () => { coach.resetReps(); ui.next.focus(); });
  ui.voice.addEventListener('click', toggleVoice);
  ui.pace.addEventListener('click', () => { setPreference('pace', nextPace(prefs.pace)); voice.setPace(prefs.pace); });
  ui.sound.addEventListener('click', toggleSound);
  ui.end.back.addEventListener('click', close);
  ui.end.again.addEventListener('click', () => showStep(0));
  ui.root.addEventListener('keydown', onKeydown);
  watchSwipes(ui.body, go);
  startWrap.hidden = false;
}

const routine = document.querySelector('[data-routine]');
if (routine) setUpPractice(routine);
