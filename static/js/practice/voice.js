/**
 * The voice guide: the browser's own speech synthesis (Web Speech API; nothing is sent or
 * downloaded). Sentences are spoken one at a time, in order: a sentence still being spoken
 * delays the next one, never overlaps it.
 */

const SAFETY_MS_PER_CHAR = 120; // some browsers never say "end" (a known Chrome fault): don't wait forever

/** The browser's voice for a language ("fr" matches "fr-FR"), or null when it has none. */
function voiceFor(lang) {
  const wanted = (lang || '').toLowerCase().split('-')[0];
  const voices = window.speechSynthesis?.getVoices() ?? [];
  return voices.find((voice) => voice.lang.toLowerCase().replace('_', '-').split('-')[0] === wanted) ?? null;
}

export function createVoice() {
  const synth = window.speechSynthesis;
  const queue = [];
  let speaking = null;
  let idleWaiters = [];
  let rate = 0.9;

  function next() {
    speaking = queue.shift() ?? null;
    if (!speaking) {
      idleWaiters.forEach((resolve) => resolve());
      idleWaiters = [];
      return;
    }
    const { text, lang, resolve } = speaking;
    const utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.voice = voiceFor(lang);
    utterance.rate = rate;
    const current = speaking;
    const end = () => {
      if (speaking !== current) return;
      window.clearTimeout(current.safety);
      resolve();
      next();
    };
    current.utterance = utterance; // kept, or the browser may collect it before it ends
    current.safety = window.setTimeout(end, 3000 + text.length * SAFETY_MS_PER_CHAR);
    utterance.onend = end;
    utterance.onerror = end;
    synth.speak(utterance);
  }

  return {
    /** Whether this browser can speak `lang` at all. */
    canSpeak(lang) {
      return Boolean(synth && window.SpeechSynthesisUtterance && voiceFor(lang));
    },
    /** Asks the browser to load its voices (Chrome lists them only after a first request). */
    warmUp() { synth?.getVoices(); },
    /** Resolves once the browser has listed its voices, or after a second and a half without. */
    ready() {
      if (!synth || synth.getVoices().length > 0) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => { synth.removeEventListener?.('voiceschanged', done); resolve(); };
        synth.addEventListener?.('voiceschanged', done);
        window.setTimeout(done, 1500);
      });
    },
    /** Queues `text`; resolves when it has been said (or dropped by `cancel`). */
    say(text, lang) {
      if (!text || !synth) return Promise.resolve();
      return new Promise((resolve) => {
        queue.push({ text, lang, resolve });
        if (!speaking) next();
      });
    },
    /** Resolves once nothing is left to say. */
    idle() {
      return speaking ? new Promise((resolve) => { idleWaiters.push(resolve); }) : Promise.resolve();
    },
    /** Speaking rate follows the reader's pace: slower steps, calmer speech. */
    setPace(pace) { rate = Math.min(1.2, Math.max(0.6, 0.9 / pace)); },
    cancel() {
      const dropped = [speaking, ...queue].filter(Boolean);
      queue.length = 0;
      speaking = null;
      dropped.forEach((item) => { window.clearTimeout(item.safety); item.resolve(); });
      synth?.cancel();
      idleWaiters.forEach((resolve) => resolve());
      idleWaiters = [];
    },
  };
}
