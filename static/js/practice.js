/**
 * Practice mode for a routine page: a full-screen, one-step-at-a-time view with a rep counter,
 * a hold countdown, an optional soft chime and a screen wake lock.
 *
 * Progressive enhancement: the page is complete without this script. The start button ships
 * `hidden` and is revealed here, so readers without JavaScript never see a dead control.
 * No framework, no build step, no inline styles (the CSP forbids them): visibility is the
 * `hidden` attribute and everything else is classes in practice.css.
 */

const SOUND_KEY = 'somatics.practice.sound';
const SWIPE_MIN_PX = 50;

/** Keys that move between steps. Space is skipped on buttons, where it must press the button. */
const KEY_ACTIONS = {
  ArrowRight: 'next', ArrowDown: 'next', PageDown: 'next', ' ': 'next',
  ArrowLeft: 'previous', ArrowUp: 'previous', PageUp: 'previous',
  Home: 'first', End: 'last', Escape: 'close',
};

/**
 * The words to show, translated by the page (routines/practice.py) into
 * `<script type="application/json" id="practice-strings">`; a JSON blob is never executed, so
 * the CSP allows it. Without it (or with a broken one) practice mode stays off: the page is
 * complete as it is.
 */
function loadStrings() {
  try {
    return JSON.parse(document.getElementById('practice-strings')?.textContent ?? 'null');
  } catch {
    return null;
  }
}

/** Fills `{name}` placeholders; unknown names are left visible so mistakes are noticed. */
function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

/** Small element factory: text goes through textContent, so step content is never parsed as HTML. */
function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'text') node.textContent = value;
    else if (name === 'hidden') node.hidden = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function button(text, modifier = '') {
  return el('button', { type: 'button', class: `practice__button ${modifier}`.trim(), text });
}

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
      facts: [...item.querySelectorAll('.step__facts li')].map((li) => li.textContent.trim()).filter(Boolean),
      reps: positiveInt(item.dataset.reps),
      hold: positiveInt(item.dataset.hold),
      start: Number.isFinite(start) && start >= 0 ? start : null,
    };
  });
}

/** The sound choice survives visits; storage may be blocked (private mode), which means "off". */
function loadSoundPreference() {
  try { return localStorage.getItem(SOUND_KEY) === 'on'; } catch { return false; }
}

function saveSoundPreference(on) {
  try { localStorage.setItem(SOUND_KEY, on ? 'on' : 'off'); } catch { /* not remembered; fine */ }
}

/** Builds the overlay once; it lives directly in <body> so making the page inert never hides it. */
function buildDialog(S, routineTitle) {
  const ui = {
    heading: el('h2', { id: 'practice-heading', class: 'practice__routine', text: routineTitle }),
    sound: button('', 'practice__button--quiet practice__sound'),
    leave: button(S.leave, 'practice__button--quiet practice__leave'),
    progress: el('p', { class: 'practice__progress' }),
    title: el('h3', { class: 'practice__title', tabindex: '-1' }),
    cue: el('p', { class: 'practice__cue' }),
    facts: el('ul', { class: 'practice__facts' }),
    repCount: el('p', { class: 'practice__count' }),
    repDone: button(S.repDone, 'practice__button--primary'),
    repReset: button(S.repReset, 'practice__button--quiet'),
    timer: el('p', { class: 'practice__timer', role: 'timer' }),
    holdButton: button('', 'practice__button--primary'),
    previous: button(S.previous, 'practice__button--quiet practice__previous'),
    next: button(S.next, 'practice__button--primary practice__next'),
    live: el('p', { class: 'practice__live', 'aria-live': 'polite', 'aria-atomic': 'true' }),
  };
  ui.reps = el('div', { class: 'practice__tool practice__reps' },
    [ui.repCount, el('div', { class: 'practice__tool-buttons' }, [ui.repDone, ui.repReset])]);
  ui.hold = el('div', { class: 'practice__tool practice__hold' }, [ui.timer, ui.holdButton]);
  ui.body = el('div', { class: 'practice__body' }, [el('div', { class: 'practice__step' },
    [ui.progress, ui.title, ui.cue, ui.facts, ui.reps, ui.hold, el('p', { class: 'practice__hint', text: S.hint })])]);
  ui.root = el('div', {
    class: 'practice', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'practice-heading',
    tabindex: '-1', hidden: true,
  }, [
    el('div', { class: 'practice__bar' }, [ui.heading, el('div', { class: 'practice__bar-buttons' }, [ui.sound, ui.leave])]),
    ui.body,
    el('div', { class: 'practice__controls' }, [ui.previous, ui.next]),
    ui.live,
  ]);
  document.body.append(ui.root);
  return ui;
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
  const state = {
    open: false, index: 0, repsDone: new Map(), hold: null, wakeLock: null,
    sound: loadSoundPreference(), audio: null, swipe: null, inerted: [], announceTimer: 0,
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
    ui.repCount.textContent = done >= reps ? format(S.repsDone, { total: reps }) : format(S.repOf, { current: done + 1, total: reps });
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

  /** Counts against the clock, not ticks: timers drift and are throttled when the tab is hidden. */
  function startHold() {
    if (state.hold) { stopHold(); announce(S.holdStopped); return; }
    const seconds = steps[state.index].hold;
    if (state.sound) getAudio(); // created inside the click, so autoplay rules allow the chime later
    const endsAt = performance.now() + seconds * 1000;
    const tick = () => {
      const left = Math.max(0, Math.ceil((endsAt - performance.now()) / 1000));
      ui.timer.textContent = format(S.seconds, { seconds: left });
      if (left === 0) finishHold();
    };
    state.hold = { interval: window.setInterval(tick, 200) };
    ui.hold.classList.add('practice__hold--running');
    ui.holdButton.textContent = S.holdStop;
    tick();
    announce(format(S.holdStarted, { seconds }));
  }

  function finishHold() {
    window.clearInterval(state.hold.interval);
    state.hold = null;
    ui.hold.classList.remove('practice__hold--running');
    ui.holdButton.textContent = format(S.holdStart, { seconds: steps[state.index].hold });
    announce(S.holdEnd);
    chime();
  }

  function stopHold() {
    if (!state.hold) return;
    window.clearInterval(state.hold.interval);
    state.hold = null;
    renderHoldIdle();
  }

  function getAudio() {
    const AudioCtor = window.AudioContext || window.webkitAudioContext;
    if (!state.audio && AudioCtor) state.audio = new AudioCtor();
    if (state.audio?.state === 'suspended') state.audio.resume().catch(() => {});
    return state.audio;
  }

  /** A short, quiet sine tone with soft edges, so the end of a hold is noticed without a jolt. */
  function chime() {
    const audio = state.sound && getAudio();
    if (!audio) return;
    const now = audio.currentTime;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = 'sine';
    tone.frequency.value = 528;
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.08, now + 0.04);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.9);
    tone.connect(gain).connect(audio.destination);
    tone.start(now);
    tone.stop(now + 0.95);
  }

  function toggleSound() {
    state.sound = !state.sound;
    saveSoundPreference(state.sound);
    renderSound();
    chime(); // a preview, so the reader can judge the volume right away
  }

  /** Keeps the screen on while practising; unsupported or refused requests are simply ignored. */
  async function requestWakeLock() {
    if (!state.open || state.wakeLock || !('wakeLock' in navigator) || document.visibilityState !== 'visible') return;
    try {
      state.wakeLock = await navigator.wakeLock.request('screen');
      state.wakeLock.addEventListener('release', () => { state.wakeLock = null; });
      if (!state.open) releaseWakeLock(); // closed while the request was pending
    } catch { state.wakeLock = null; }
  }

  function releaseWakeLock() {
    state.wakeLock?.release().catch(() => {});
    state.wakeLock = null;
  }

  /** The browser drops the lock when the tab is hidden; take it again when the reader returns. */
  function onVisibilityChange() {
    if (document.visibilityState === 'visible') requestWakeLock();
  }

  /** Makes everything but the dialog inert, remembering only what we changed so close undoes exactly that. */
  function setPageInert(inert) {
    if (inert) {
      state.inerted = [...document.body.children].filter((node) =>
        node !== ui.root && !['SCRIPT', 'TEMPLATE', 'STYLE'].includes(node.tagName) && !node.hasAttribute('inert'));
      state.inerted.forEach((node) => node.setAttribute('inert', ''));
    } else {
      state.inerted.forEach((node) => node.removeAttribute('inert'));
      state.inerted = [];
    }
  }

  /** Tab cycles inside the dialog; `inert` covers the page, this covers the browser chrome. */
  function trapTab(event) {
    const focusable = [...ui.root.querySelectorAll('button')].filter((node) => node.getClientRects().length > 0);
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = document.activeElement;
    if (!ui.root.contains(active) || active === ui.root) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    } else if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function onKeydown(event) {
    if (event.key === 'Tab') { trapTab(event); return; }
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const action = KEY_ACTIONS[event.key];
    if (!action) return;
    if (event.key === ' ' && event.target.closest('button')) return;
    event.preventDefault();
    go(action);
  }

  /** Horizontal swipes only: a mostly vertical drag is the reader scrolling a long cue. */
  function onPointerDown(event) {
    if (event.pointerType === 'mouse' || event.target.closest('button')) return;
    state.swipe = { x: event.clientX, y: event.clientY };
  }

  function onPointerUp(event) {
    if (!state.swipe) return;
    const dx = event.clientX - state.swipe.x;
    const dy = event.clientY - state.swipe.y;
    state.swipe = null;
    if (Math.abs(dx) < SWIPE_MIN_PX || Math.abs(dx) < Math.abs(dy) * 1.5) return;
    go(dx < 0 ? 'next' : 'previous');
  }

  function open() {
    if (state.open) return;
    state.open = true;
    showStep(state.index, { announceStep: false });
    renderSound();
    ui.root.hidden = false;
    setPageInert(true);
    document.documentElement.classList.add('practice-open');
    document.addEventListener('visibilitychange', onVisibilityChange);
    requestWakeLock();
    ui.title.focus();
  }

  function close() {
    if (!state.open) return;
    state.open = false;
    stopHold();
    ui.root.hidden = true;
    setPageInert(false);
    document.documentElement.classList.remove('practice-open');
    document.removeEventListener('visibilitychange', onVisibilityChange);
    releaseWakeLock();
    state.audio?.close().catch(() => {});
    state.audio = null;
    startButton.focus();
  }

  startButton.addEventListener('click', open);
  ui.leave.addEventListener('click', close);
  ui.previous.addEventListener('click', () => go('previous'));
  ui.next.addEventListener('click', () => go('next'));
  ui.repDone.addEventListener('click', addRep);
  ui.repReset.addEventListener('click', resetReps);
  ui.holdButton.addEventListener('click', startHold);
  ui.sound.addEventListener('click', toggleSound);
  ui.root.addEventListener('keydown', onKeydown);
  ui.body.addEventListener('pointerdown', onPointerDown);
  ui.body.addEventListener('pointerup', onPointerUp);
  ui.body.addEventListener('pointercancel', () => { state.swipe = null; });
  startWrap.hidden = false;
}

const routine = document.querySelector('[data-routine]');
if (routine) setUpPractice(routine);
