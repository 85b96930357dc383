/**
 * Stands in for the browser's speech synthesis in practice-mode tests (headless Chromium has no
 * voices): it has an English, a French and a Spanish voice, writes down each sentence it is
 * given (text, language, the page clock's time) in window.__spoken, and finishes it at once.
 */
(() => {
  const spoken = [];
  window.__spoken = spoken;
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ''; } };
  const voices = [
    { lang: 'en-US', name: 'English', default: true }, { lang: 'fr-FR', name: 'Français' },
    { lang: 'es-ES', name: 'Español' },
  ];
  const synth = {
    getVoices: () => voices,
    speak(utterance) {
      spoken.push({ text: utterance.text, lang: utterance.lang, at: Date.now() });
      setTimeout(() => utterance.onend && utterance.onend({}), 0);
    },
    cancel() {}, pause() {}, resume() {}, addEventListener() {}, removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
})();
