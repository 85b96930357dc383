/** The soft chime that marks each change of the guided cycle when the voice does not. */

/**
 * A chime with its own audio context. `prepare()` inside a click creates (or resumes) the
 * context, so that autoplay rules allow `play()` later; `close()` lets it go.
 */
export function createChime() {
  let audio = null;

  function prepare() {
    const AudioCtor = window.AudioContext || window.webkitAudioContext;
    if (!audio && AudioCtor) audio = new AudioCtor();
    if (audio?.state === 'suspended') audio.resume().catch(() => {});
    return audio;
  }

  /** A short, quiet sine tone with soft edges, so the end of a hold is noticed without a jolt. */
  function play() {
    const context = prepare();
    if (!context) return;
    const now = context.currentTime;
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.type = 'sine';
    tone.frequency.value = 528;
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.08, now + 0.04);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.9);
    tone.connect(gain).connect(context.destination);
    tone.start(now);
    tone.stop(now + 0.95);
  }

  function close() {
    audio?.close().catch(() => {});
    audio = null;
  }

  return { prepare, play, close };
}
