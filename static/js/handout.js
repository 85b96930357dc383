/**
 * The routine's Print button. The handout itself is the page's print style sheet (the print
 * section of static/css/site.css), and its choices (large print, the questions) act there, so
 * printing from the browser's menu gives the same sheet; this only shows the choices and prints.
 */

const choices = document.querySelector('[data-print-choices]');
if (choices && typeof window.print === 'function') {
  choices.querySelector('[data-print]')?.addEventListener('click', () => window.print());
  choices.hidden = false;
}
