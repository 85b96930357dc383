/**
 * The reader's choices in practice mode (sound, voice, pace), kept between visits. Storage may
 * be blocked (private mode): then the defaults apply and nothing is remembered.
 */

const KEY = 'somatics.practice';
const DEFAULTS = { sound: true, voice: false, pace: 1 };
/** Pace multiplies the written times: as written, a little slower, slower, faster. */
export const PACES = [1, 1.25, 1.5, 0.75];

export function loadPreferences() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return {
      sound: typeof saved.sound === 'boolean' ? saved.sound : DEFAULTS.sound,
      voice: typeof saved.voice === 'boolean' ? saved.voice : DEFAULTS.voice,
      pace: PACES.includes(saved.pace) ? saved.pace : DEFAULTS.pace,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

export function savePreferences(prefs) {
  try { localStorage.setItem(KEY, JSON.stringify(prefs)); } catch { /* not remembered; fine */ }
}

export function nextPace(pace) {
  return PACES[(PACES.indexOf(pace) + 1) % PACES.length];
}
