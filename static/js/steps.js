/**
 * The steps of the submission form, enhanced: add a step, move it up or down, remove it.
 *
 * Without JavaScript the form already works: a few empty boxes, an "Order" number and a
 * "Remove" tick box per step (a Django formset with ORDER and DELETE). This script keeps that
 * formset as the single source of truth: it only moves rows, fills in the ORDER numbers from
 * the rows' order on screen, ticks DELETE, and clones an empty row for "Add a step".
 */

const list = document.querySelector('[data-step-rows]');
const strings = readStrings();
if (list && strings) enhance(list, strings);

/**
 * The buttons' words, translated by the page (`BaseStepFormSet.editor_strings`), from a JSON blob
 * the CSP allows. Without them the plain formset stays as it is.
 */
function readStrings() {
  try {
    return JSON.parse(document.getElementById('step-strings')?.textContent ?? 'null');
  } catch {
    return null;
  }
}

function enhance(rows, strings) {
  const prefix = rows.dataset.prefix;
  const max = Number(rows.dataset.max);
  const total = document.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const template = rows.querySelector('li').cloneNode(true);
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('aria-live', 'polite');
  rows.after(status);

  const add = document.createElement('button');
  add.type = 'button';
  add.className = 'button button--secondary';
  add.textContent = strings.add;
  status.after(add);

  document.querySelectorAll('[data-without-js]').forEach((node) => { node.hidden = true; });
  for (const row of rows.children) decorate(row);
  renumber();
  growWithText(rows);

  add.addEventListener('click', () => {
    const index = Number(total.value);
    const row = template.cloneNode(true);
    for (const node of row.querySelectorAll('[name], [id], [for]')) {
      for (const attr of ['name', 'id', 'for']) {
        const value = node.getAttribute(attr);
        if (value) node.setAttribute(attr, value.replace(/-\d+-/, `-${index}-`));
      }
    }
    for (const field of row.querySelectorAll('textarea, input[type="number"]')) field.value = '';
    for (const box of row.querySelectorAll('input[type="checkbox"]')) box.checked = false;
    row.querySelectorAll('.error').forEach((error) => error.remove());
    row.classList.remove('field--invalid');
    row.hidden = false;
    rows.append(row);
    total.value = String(index + 1);
    decorate(row);
    renumber();
    row.querySelector('textarea').focus();
  });

  /** Adds Move up / Move down / Remove buttons; the plain controls stay for the formset. */
  function decorate(row) {
    row.querySelector('.step-row__tools')?.classList.add('visually-hidden');
    const tools = document.createElement('div');
    tools.className = 'step-row__buttons';
    for (const [action, label] of [['up', strings.up], ['down', strings.down], ['remove', strings.remove]]) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button--small';
      button.dataset.action = action;
      button.textContent = label;
      tools.append(button);
    }
    row.append(tools);
    tools.addEventListener('click', (event) => {
      const action = event.target.closest('button')?.dataset.action;
      if (action === 'up' && visibleSibling(row, 'previous')) {
        rows.insertBefore(row, visibleSibling(row, 'previous'));
      } else if (action === 'down' && visibleSibling(row, 'next')) {
        rows.insertBefore(visibleSibling(row, 'next'), row);
      } else if (action === 'remove') {
        row.querySelector('input[name$="-DELETE"]').checked = true;
        row.hidden = true;
      } else {
        return;
      }
      renumber();
      // Focus stays with the step that moved; on a button that just became disabled, it moves
      // to the step's box instead of being lost.
      let moved = row.hidden ? rows.querySelector('li:not([hidden]) textarea') : event.target;
      if (moved?.disabled) moved = row.querySelector('textarea');
      moved?.focus();
      status.textContent = action === 'remove' ? strings.removed : strings.moved;
    });
  }

  function visibleSibling(row, direction) {
    let node = direction === 'next' ? row.nextElementSibling : row.previousElementSibling;
    while (node && node.hidden) node = direction === 'next' ? node.nextElementSibling : node.previousElementSibling;
    return node;
  }

  /**
   * ORDER follows the rows on screen; labels say "Step 1", "Step 2"…; the first step cannot
   * move up nor the last move down, so those buttons are disabled (and say so to assistive
   * technology) rather than doing nothing.
   */
  function renumber() {
    const shown = [...rows.children].filter((row) => !row.hidden);
    shown.forEach((row, index) => {
      row.querySelector('input[name$="-ORDER"]').value = String(index + 1);
      const label = row.querySelector('label[for$="-text"]');
      if (label) label.textContent = strings.step.replace('{n}', index + 1);
      const up = row.querySelector('[data-action="up"]');
      const down = row.querySelector('[data-action="down"]');
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === shown.length - 1;
    });
    add.hidden = Number(total.value) >= max;
  }
}

/**
 * Each step's box grows with its text, so a long step is read whole without scrolling inside
 * a small box. CSS `field-sizing: content` does it where supported; elsewhere, this does.
 */
function growWithText(rows) {
  if (window.CSS?.supports?.('field-sizing', 'content')) return;
  const fit = (box) => {
    box.style.height = 'auto';
    box.style.height = `${box.scrollHeight + 2}px`;
  };
  rows.addEventListener('input', (event) => {
    if (event.target.matches('textarea')) fit(event.target);
  });
  rows.querySelectorAll('textarea').forEach(fit);
}
