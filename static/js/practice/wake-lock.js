/**
 * Keeps the screen on while practising. Unsupported or refused requests are simply ignored; the
 * browser drops the lock when the tab is hidden, so it is taken again when the reader returns.
 */
export function createWakeLock() {
  let wanted = false;
  let lock = null;

  async function request() {
    if (!wanted || lock || !('wakeLock' in navigator) || document.visibilityState !== 'visible') return;
    try {
      lock = await navigator.wakeLock.request('screen');
      lock.addEventListener('release', () => { lock = null; });
      if (!wanted) release(); // let go while the request was pending
    } catch { lock = null; }
  }

  function release() {
    lock?.release().catch(() => {});
    lock = null;
  }

  function onVisibilityChange() {
    if (document.visibilityState === 'visible') request();
  }

  return {
    hold() {
      wanted = true;
      document.addEventListener('visibilitychange', onVisibilityChange);
      request();
    },
    letGo() {
      wanted = false;
      document.removeEventListener('visibilitychange', onVisibilityChange);
      release();
    },
  };
}
