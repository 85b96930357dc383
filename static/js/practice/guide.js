/**
 * What marks each change of the guided cycle: the voice, in the page's language (a step's own
 * text in its own), or, when the voice is off or the browser has no voice for the language,
 * a soft chime. The screen shows the same changes (view.js); this module is only what is heard.
 */

import { format } from './strings.js';

const SIDE_SENTENCE = { left: 'sayLeft', right: 'sayRight' };
const PHASE_SENTENCE = { hold: 'sayHold', release: 'sayRelease', rest: 'sayRest' };

/** `prefs` is read at each cue ({ voice, sound }), so a change of mind applies at once. */
export function createGuide({ S, voice, chime, prefs }) {
  const pageLang = () => document.documentElement.lang || 'en';
  const speaking = () => prefs.voice && voice.canSpeak(pageLang());

  function mark() {
    if (prefs.sound || prefs.voice) chime.play();
  }

  return {
    speaking,

    /** Reads a step aloud: the side when it changes, then its title and words, each in its own language. */
    readStep(step, { sideChanged }) {
      if (!speaking()) return Promise.resolve();
      const side = sideChanged && SIDE_SENTENCE[step.side];
      if (side) voice.say(S[side], pageLang());
      voice.say(step.title, step.titleLang || pageLang());
      return voice.say(step.cue, step.cueLang || pageLang());
    },

    /** Reads the cautions of "Before you start". */
    readText(text, lang) {
      return speaking() ? voice.say(text, lang || pageLang()) : Promise.resolve();
    },

    /**
     * The start of a phase: waits for whatever is still being said, then begins its cue and
     * resolves, so the phase's clock starts with its word. A repetition after the first says
     * which one it is.
     */
    async phase(phase, rep, total) {
      if (!speaking()) { mark(); return; }
      await voice.idle();
      if (phase.name === 'hold' && rep > 0) voice.say(format(S.sayRepeat, { current: rep + 1, total }), pageLang());
      voice.say(S[PHASE_SENTENCE[phase.name]], pageLang());
    },

    /** The count of a hold: "5, 4, 3, 2, 1". */
    count(secondsLeft) {
      if (speaking() && secondsLeft > 0) voice.say(String(secondsLeft), pageLang());
    },

    /** A closing sentence ("That step is done."), said after whatever is still being said. */
    say(text) {
      if (!speaking()) { mark(); return Promise.resolve(); }
      return voice.say(text, pageLang());
    },

    stop() { voice.cancel(); },
  };
}
