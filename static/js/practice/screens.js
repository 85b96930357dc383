/**
 * The first and last screens of practice mode, made from the routine page itself.
 *
 * "Before you start" is the page's own cautions box, cloned: whatever the routine shows there
 * (its cautions, and anything later added to the box) is shown here too, never a copy that
 * could drift. The end screen offers the page's own links to the routine's other variations.
 */

import { cloneWithoutIds, el } from './dom.js';

export function buildBefore(S, article) {
  const cautions = article.querySelector('[data-cautions], .cautions');
  const heading = el('h3', { class: 'practice__title', tabindex: '-1', text: S.before });
  const content = cautions ? cloneWithoutIds(cautions) : el('p', { text: S.noCautions });
  // The box brings its own "Before you start" heading: the screen's heading replaces it.
  content.querySelector?.('h2, h3')?.remove();
  content.classList.add('practice__cautions');
  content.classList.remove('section', 'no-print');
  const root = el('div', { class: 'practice__before' }, [heading, content]);
  return { root, heading, content };
}

export function buildEnd(S, article) {
  const heading = el('h3', { class: 'practice__title practice__done', tabindex: '-1', text: S.endTitle });
  const others = [...article.querySelectorAll('.variation-link a, .variations a')];
  const links = el('ul', { class: 'practice__others' }, others.map((link) => el('li', {}, [cloneWithoutIds(link)])));
  const again = el('button', { type: 'button', class: 'practice__button practice__button--quiet', text: S.again });
  const back = el('button', { type: 'button', class: 'practice__button practice__button--primary', text: S.backToRoutine });
  const root = el('div', { class: 'practice__end' }, [
    heading,
    el('p', { class: 'practice__cue', text: S.endRest }),
    ...(others.length ? [el('p', { class: 'practice__cue', text: S.endOther }), links] : []),
    el('div', { class: 'practice__end-buttons' }, [back, again]),
  ]);
  return { root, heading, again, back };
}
