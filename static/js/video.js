/**
 * Video on a routine page: a click-to-play facade for YouTube and Vimeo (nothing is requested
 * from them until the reader presses play), and step buttons that seek our own video player.
 */

for (const facade of document.querySelectorAll('[data-video-facade]')) {
  const play = facade.querySelector('a');
  play.addEventListener('click', (event) => {
    event.preventDefault();
    const frame = document.createElement('iframe');
    frame.src = facade.dataset.embed;
    frame.title = facade.dataset.title;
    frame.allow = 'autoplay; fullscreen; picture-in-picture';
    frame.allowFullscreen = true;
    frame.className = 'video';
    facade.replaceWith(frame);
    frame.focus();
  });
}

const video = document.querySelector('video[data-routine-video]');
if (video) {
  for (const button of document.querySelectorAll('[data-seek]')) {
    button.hidden = false;
    button.addEventListener('click', () => {
      video.currentTime = Number(button.dataset.seek);
      video.play().catch(() => {});
      video.scrollIntoView({ block: 'nearest' });
    });
  }
}
