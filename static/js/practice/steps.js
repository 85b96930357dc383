/** The routine's steps, read once from the page (templates/includes/routine_body.html). */

/** A positive whole number from a data-* attribute, or 0 when absent or malformed. */
function positiveInt(value) {
  const number = Number.parseInt(value ?? '', 10);
  return Number.isFinite(number) && number > 0 ? number : 0;
}

/** Each step's words, facts and clock. The visible "N." prefix is dropped: the dialog says "Step N of M". */
export function readSteps(list) {
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
      // The step's drawing (its movement, and the two stills shown under reduced motion).
      drawing: item.querySelector('.drawing'),
      facts: [...item.querySelectorAll('.step__facts li')].map((li) => li.textContent.trim()).filter(Boolean),
      reps: positiveInt(item.dataset.reps),
      hold: positiveInt(item.dataset.hold),
      release: positiveInt(item.dataset.release),
      rest: positiveInt(item.dataset.rest),
      side: item.dataset.side ?? '',
      start: Number.isFinite(start) && start >= 0 ? start : null,
    };
  });
}

/** How many times the guided cycle runs: a timed step without a rep count is done once. */
export function repsOf(step) {
  return step.reps || 1;
}

/**
 * The phases of one repetition, in order, each with its length in seconds. The rest is the
 * pause *between* repetitions, so the last repetition of several ends on its release. A step
 * with no hold, release or rest has none: the reader moves on with Next.
 */
export function phasesOf(step, rep) {
  const last = rep >= repsOf(step) - 1;
  const phases = [
    { name: 'hold', seconds: step.hold },
    { name: 'release', seconds: step.release },
  ].filter((phase) => phase.seconds > 0);
  if (step.rest && !(last && phases.length > 0 && repsOf(step) > 1)) phases.push({ name: 'rest', seconds: step.rest });
  return phases;
}

export function isTimed(step) {
  return phasesOf(step, 0).length > 0;
}
