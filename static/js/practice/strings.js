/**
 * Practice mode's words. The page translates them (routines/practice.py) and hands them over in
 * `<script type="application/json" id="practice-strings">`; a JSON blob is never executed, so
 * the CSP allows it. This module keeps no words of its own.
 */

/** The page's words, or null when the blob is missing or broken (practice mode then stays off). */
export function loadStrings() {
  try {
    return JSON.parse(document.getElementById('practice-strings')?.textContent ?? 'null');
  } catch {
    return null;
  }
}

/** Fills `{name}` placeholders; unknown names are left visible so mistakes are noticed. */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}
