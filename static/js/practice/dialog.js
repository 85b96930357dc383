/**
 * The practice overlay as a modal dialog: built once from elements (never from HTML strings),
 * the rest of the page made inert while it is open, and Tab kept inside it.
 */

/** Small element factory: text goes through textContent, so step content is never parsed as HTML. */
export function el(tag, attrs = {}, children = []) {
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

/** Builds the overlay once; it lives directly in <body> so making the page inert never hides it. */
export function buildDialog(S, routineTitle) {
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
  const focusable = [...dialog.querySelectorAll('button')].filter((node) => node.getClientRects().length > 0);
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
