/** How a reader moves between steps without the buttons: keys, and swipes on a touch screen. */

const SWIPE_MIN_PX = 50;

/** Keys that move between steps. Space is skipped on buttons, where it must press the button. */
const KEY_ACTIONS = {
  ArrowRight: 'next', ArrowDown: 'next', PageDown: 'next', ' ': 'next',
  ArrowLeft: 'previous', ArrowUp: 'previous', PageUp: 'previous',
  Home: 'first', End: 'last', Escape: 'close', p: 'pause', P: 'pause',
};

/** The action a key press asks for ('next', 'previous', 'first', 'last', 'close', 'pause'), or null. */
export function actionForKey(event) {
  if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return null;
  const action = KEY_ACTIONS[event.key];
  if (!action) return null;
  if (event.key === ' ' && event.target.closest('button')) return null;
  return action;
}

/** Calls `onSwipe('next' | 'previous')` for horizontal swipes on `area`; a mostly vertical drag is scrolling. */
export function watchSwipes(area, onSwipe) {
  let start = null;
  area.addEventListener('pointerdown', (event) => {
    if (event.pointerType === 'mouse' || event.target.closest('button')) return;
    start = { x: event.clientX, y: event.clientY };
  });
  area.addEventListener('pointerup', (event) => {
    if (!start) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    start = null;
    if (Math.abs(dx) < SWIPE_MIN_PX || Math.abs(dx) < Math.abs(dy) * 1.5) return;
    onSwipe(dx < 0 ? 'next' : 'previous');
  });
  area.addEventListener('pointercancel', () => { start = null; });
}
