// The question form's red-flag note, before the reader posts. Which signs a text mentions is
// decided on the server (questions/red_flags.py, `signs_in`), which answers with the note to
// show in the page's language; without this script the server shows the same note on submit.
const DELAY_MS = 700;

function csrfToken(form) {
  const input = form.querySelector('input[name="csrfmiddlewaretoken"]');
  return input ? input.value : '';
}

async function fetchNote(form, text) {
  const body = new URLSearchParams({ text });
  const response = await fetch(form.dataset.checkUrl, {
    method: 'POST',
    body,
    credentials: 'same-origin',
    headers: { 'X-CSRFToken': csrfToken(form) },
  });
  if (!response.ok) return null;
  return response.json();
}

function enhance(form) {
  const textarea = form.querySelector('[data-question-text]');
  const holder = form.querySelector('[data-red-flag-note]');
  const button = form.querySelector('[data-post-button]');
  if (!textarea || !holder || !button) return; // the server already shows the note
  let timer = null;
  let shownFor = null;

  async function check() {
    const text = textarea.value;
    const result = await fetchNote(form, text);
    if (result === null) return false;
    if (result.html) {
      if (shownFor === null || result.signs.join() !== shownFor) holder.innerHTML = result.html;
      shownFor = result.signs.join();
      button.name = 'post_anyway';
      button.value = '1';
      button.textContent = result.button;
      return true;
    }
    holder.textContent = '';
    shownFor = null;
    button.removeAttribute('name');
    button.textContent = result.button_plain;
    return false;
  }

  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(check, DELAY_MS);
  });

  form.addEventListener('submit', async (event) => {
    if (button.name === 'post_anyway') return; // the reader has seen the note
    event.preventDefault();
    clearTimeout(timer);
    const flagged = await check().catch(() => false);
    if (flagged) {
      const heading = holder.querySelector('h3');
      if (heading) {
        heading.tabIndex = -1;
        heading.focus();
      }
      return;
    }
    button.name = 'post';
    HTMLFormElement.prototype.submit.call(form);
  });
}

document.querySelectorAll('[data-question-form]').forEach(enhance);
