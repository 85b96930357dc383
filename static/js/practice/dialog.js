/**
 * The practice overlay as a modal dialog: built once from elements (never from HTML strings),
 * the rest of the page made inert while it is open, and Tab kept inside it.
 *
 * Three screens share the scrolling body ("Before you start", a step, the end); the step's
 * controls sit in the dock at the bottom with Previous and Next, so they are never below the
 * fold; the phase panel ("Hold 5", "Release slowly") covers the body while a cycle runs.
 */

import { el } from './dom.js';
import { buildBefore, buildEnd } from './screens.js';

export function button(text, modifier = '', attrs = {}) {
  return el('button', { type: 'button', class: `practice__button ${modifier}`.trim(), text, ...attrs });
}

/** Builds the overlay once; it lives directly in <body> so making the page inert never hides it. */
export function buildDialog(S, article) {
  const routineTitle = article.querySelector('#routine-title')?.textContent.trim() || document.title;
  const ui = {
    heading: el('h2', { id: 'practice-heading', class: 'practice__routine', text: routineTitle }),
    voice: button(S.voice, 'practice__button--quiet practice__toggle', { 'aria-pressed': 'false' }),
    pace: button('', 'practice__button--quiet'),
    sound: button('', 'practice__button--quiet practice__sound'),
    leave: button(S.leave, 'practice__button--quiet practice__leave'),
    progress: el('p', { class: 'practice__progress' }),
    title: el('h3', { class: 'practice__title', tabindex: '-1' }),
    drawing: el('div', { class: 'practice__drawing', hidden: true }),
    cue: el('p', { class: 'practice__cue' }),
    facts: el('ul', { class: 'practice__facts' }),
    repReset: button(S.repReset, 'practice__button--quiet practice__reset'),
    phaseName: el('p', { class: 'practice__phase-name' }),
    phaseSeconds: el('p', { class: 'practice__phase-seconds', role: 'timer' }),
    phaseRep: el('p', { class: 'practice__phase-rep' }),
    repCount: el('p', { class: 'practice__count' }),
    run: button(S.start, 'practice__button--primary practice__run', { 'aria-keyshortcuts': 'P' }),
    repDone: button(S.repDone, 'practice__button--quiet practice__rep-done'),
    previous: button(S.previous, 'practice__button--quiet practice__previous'),
    next: button(S.next, 'practice__button--primary practice__next'),
    notice: el('p', { class: 'practice__notice', hidden: true }),
    live: el('p', { class: 'practice__live', 'aria-live': 'polite', 'aria-atomic': 'true' }),
  };
  ui.before = buildBefore(S, article);
  ui.end = buildEnd(S, article);
  ui.step = el('div', { class: 'practice__step' }, [
    ui.progress, ui.title, ui.drawing, ui.cue, ui.facts, ui.repReset, el('p', { class: 'practice__hint', text: S.hint }),
  ]);
  ui.phase = el('div', { class: 'practice__phase', hidden: true }, [ui.phaseName, ui.phaseSeconds, ui.phaseRep]);
  // The pace and the chime are chosen now and then, so they wait below the screen's text;
  // the voice and the way out stay in the bar.
  ui.settings = el('div', { class: 'practice__settings' }, [ui.pace, ui.sound]);
  ui.body = el('div', { class: 'practice__body' }, [ui.before.root, ui.step, ui.end.root, ui.settings]);
  ui.tool = el('div', { class: 'practice__tool' }, [ui.repCount, ui.run, ui.repDone]);
  ui.root = el('div', {
    class: 'practice', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'practice-heading',
    tabindex: '-1', hidden: true,
  }, [el('div', { class: 'practice__scroller' }, [
    el('div', { class: 'practice__bar' }, [
      ui.heading, el('div', { class: 'practice__bar-buttons' }, [ui.voice, ui.leave]),
    ]),
    el('div', { class: 'practice__stage' }, [ui.body, ui.phase]),
    el('div', { class: 'practice__controls' }, [
      ui.notice, ui.tool, el('div', { class: 'practice__nav' }, [ui.previous, ui.next]),
    ]),
  ]), ui.live]);
  document.body.append(ui.root);
  return ui;
}

/**
 * Makes everything in <body> but `dialog` inert. Returns the undo, which frees only what this
 * call made inert: anything inert before stays so.
 */
export function makePageInertExcept(dialog) {
  const inerted = [...document.body.children].filter((node) =>
    node !== dialog && !['SCRIPT', 'TEMPLATE', 'STYLE'].includes(node.tagName) && !node.hasAttribute('inert'));
  inerted.forEach((node) => node.setAttribute('inert', ''));
  return () => inerted.forEach((node) => node.removeAttribute('inert'));
}

/** Tab cycles inside the dialog; `inert` covers the page, this covers the browser chrome. */
export function trapTab(dialog, event) {
  const focusable = [...dialog.querySelectorAll('button, a[href]')].filter((node) => node.getClientRects().length > 0);
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const active = document.activeElement;
  if (!dialog.contains(active) || active === dialog) {
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
