/**
 * The submission form's video, sent in chunks as soon as it is chosen (tus protocol, through the
 * vendored tus-js-client, loaded before this module as a classic script: `window.tus`).
 *
 * Without JavaScript (or without tus support) the file goes with the form as one plain post, and
 * nothing here runs. With it: a progress bar ("Sending… 42 %, keep this page open"), the send
 * button locked until the video has arrived, pause and resume, and a dropped connection or a
 * reloaded page goes on from the last chunk received (tus-js-client keeps each upload's address
 * in localStorage under the file's fingerprint). Once whole and checked, the server answers with
 * the kept video's token, which the form sends instead of the file.
 *
 * Choosing a file while "Kind" says "In writing" makes it a pattern on video, and says so; the
 * reader may remove the file, which puts "Kind" back as it was.
 */

const box = document.querySelector('[data-resumable]');
const settings = readSettings();
if (box && settings && window.tus?.isSupported) enhance(box, settings);

function readSettings() {
  try {
    return JSON.parse(document.getElementById('upload-settings')?.textContent ?? 'null');
  } catch {
    return null;
  }
}

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, key) => values[key] ?? whole);
}

function enhance(box, { endpoint, chunkSize, strings }) {
  const form = box.closest('form');
  const input = form.querySelector('input[type="file"][name="video"]');
  const submit = form.querySelector('button[type="submit"]');
  const csrf = form.querySelector('input[name="csrfmiddlewaretoken"]')?.value ?? '';
  const progress = box.querySelector('progress');
  const shown = box.querySelector('[data-status]');
  const announced = box.querySelector('[data-announce]');
  const kindNote = box.querySelector('[data-kind-note]');
  const buttons = {
    pause: box.querySelector('[data-pause]'),
    resume: box.querySelector('[data-resume]'),
    remove: box.querySelector('[data-remove]'),
  };
  const submitNote = document.createElement('p');
  submitNote.className = 'help';
  submitNote.hidden = true;
  submitNote.textContent = strings.locked;
  submit.after(submitNote);

  let upload = null;
  let percent = 0;
  let lastAnnounced = -1;
  let kindBefore = null;

  function say(text, { announce = true } = {}) {
    shown.textContent = text;
    if (announce) announced.textContent = text;
    // Beside the locked button too: a reader at the bottom of the form sees where it stands.
    submitNote.textContent = `${text} ${strings.locked}`;
  }

  function lock(locked) {
    submit.disabled = locked;
    submitNote.hidden = !locked;
  }

  const field = input.closest('.field') ?? input;

  function show(state) {
    box.hidden = state === 'idle';
    field.hidden = state === 'done'; // "No file chosen" beside "has arrived" would only confuse
    box.dataset.state = state;
    buttons.pause.hidden = state !== 'sending';
    buttons.resume.hidden = state !== 'paused' && state !== 'stopped';
    progress.hidden = state === 'done' || state === 'refused';
  }

  function keptVideo() {
    let hidden = form.querySelector('input[name="kept_video"]');
    if (!hidden) {
      hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = 'kept_video';
      form.prepend(hidden);
    }
    return hidden;
  }

  function makeVideoKind() {
    const written = form.querySelector('input[name="kind"][value="written"]');
    const video = form.querySelector('input[name="kind"][value="video"]');
    if (written?.checked && video) {
      kindBefore = written;
      video.checked = true;
      kindNote.hidden = false;
    }
  }

  function restoreKind() {
    if (kindBefore) kindBefore.checked = true;
    kindBefore = null;
    kindNote.hidden = true;
  }

  function onProgress(sent, total) {
    percent = Math.floor((sent / total) * 100);
    progress.value = percent;
    const step = Math.floor(percent / 10);
    say(fill(strings.sending, { percent }), { announce: step !== lastAnnounced });
    lastAnnounced = step;
  }

  function onSuccess({ lastResponse }) {
    const token = lastResponse?.getHeader('Somatics-Kept-Video');
    if (!token) return onFailure(null);
    keptVideo().value = token;
    input.value = ''; // the form sends the token, not the file again
    show('done');
    say(fill(strings.done, { name: upload.file.name }));
    lock(false);
  }

  function onFailure(error) {
    const response = error?.originalResponse;
    const status = response?.getStatus() ?? 0;
    if (status >= 400 && status < 500 && status !== 409 && status !== 423) {
      // Refused for good (too large, not a video…): the server says why, in words.
      input.value = '';
      upload = null;
      show('refused');
      say(response.getBody() || strings.refused);
      restoreKind();
      lock(false);
      return;
    }
    show('stopped');
    say(fill(strings.stopped, { percent }));
  }

  function start(file) {
    upload = new window.tus.Upload(file, {
      endpoint,
      chunkSize,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000, 60000],
      metadata: { filename: file.name, filetype: file.type },
      headers: { 'X-CSRFToken': csrf },
      removeFingerprintOnSuccess: true,
      onProgress,
      onSuccess,
      onError: onFailure,
      onShouldRetry(error, attempt, options) {
        const status = error?.originalResponse?.getStatus() ?? 0;
        const retry = (status < 400 || status >= 500 || status === 409 || status === 423)
          && navigator.onLine !== false;
        if (retry) say(fill(strings.retrying, { percent }));
        return retry;
      },
    });
    percent = 0;
    progress.value = 0;
    show('sending');
    say(fill(strings.sending, { percent: 0 }));
    lock(true);
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  }

  input.addEventListener('change', () => {
    if (upload) upload.abort(true).catch(() => {});
    upload = null;
    const file = input.files[0];
    if (!file) {
      show('idle');
      restoreKind();
      lock(false);
      return;
    }
    makeVideoKind();
    start(file);
  });

  buttons.pause.addEventListener('click', () => {
    upload?.abort();
    show('paused');
    say(fill(strings.paused, { percent }));
    buttons.resume.focus();
  });

  buttons.resume.addEventListener('click', () => {
    if (!upload) return;
    show('sending');
    say(fill(strings.sending, { percent }));
    upload.start();
    buttons.pause.focus();
  });

  buttons.remove.addEventListener('click', () => {
    if (upload && box.dataset.state !== 'done') upload.abort(true).catch(() => {});
    if (box.dataset.state === 'done') keptVideo().value = '';
    upload = null;
    input.value = '';
    show('idle');
    restoreKind();
    lock(false);
    say(strings.removed);
    input.focus();
  });
}
