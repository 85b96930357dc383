// The pose picker in a step of the routine admin (routines/drawing/widgets.py): shows the chosen
// pose's drawing, lets a click on a drawing choose its pose, and redraws the step's preview
// (start to end, timed by its hold and release) whenever the editor changes one of them.
// Listeners sit on the document, so steps added with "Add another" work too.

function stepOf(element) {
  return element.closest(".inline-related") || element.closest("form");
}

function field(step, name) {
  return step.querySelector(`[name$="-${name}"]`);
}

function redrawStep(step) {
  const preview = step.querySelector("[data-step-preview]");
  if (!preview) return;
  const start = field(step, "start_pose");
  const end = field(step, "end_pose");
  if (!start || !start.value) {
    preview.hidden = true;
    return;
  }
  const query = new URLSearchParams({ start: start.value, end: (end && end.value) || start.value });
  for (const name of ["hold_seconds", "release_seconds", "rest_seconds"]) {
    const input = field(step, name);
    if (input && input.value) query.set(name, input.value);
  }
  preview.src = `${preview.dataset.url}?${query}`;
  preview.hidden = false;
}

function showPose(select) {
  const picker = select.closest("[data-pose-picker]");
  const current = picker.querySelector("[data-pose-current]");
  current.hidden = !select.value;
  if (select.value) current.src = picker.dataset.url.replace("__pose__", select.value);
}

document.addEventListener("change", (event) => {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return;
  if (target.closest("[data-pose-picker]") && target.tagName === "SELECT") showPose(target);
  const step = stepOf(target);
  if (step && /-(start_pose|end_pose|hold_seconds|release_seconds|rest_seconds)$/.test(target.name || "")) {
    redrawStep(step);
  }
});

document.addEventListener("click", (event) => {
  const choice = event.target instanceof Element && event.target.closest("[data-pose]");
  if (!choice) return;
  const picker = choice.closest("[data-pose-picker]");
  const select = picker.querySelector("select");
  select.value = choice.dataset.pose;
  select.dispatchEvent(new Event("change", { bubbles: true }));
  picker.querySelector("details").open = false;
});
