// Drag a story to another day on the calendar: the same permission-checked "Move" form, filled in and sent.
// Without a mouse, the form beside each story does the same.
(function () {
  "use strict";
  let dragged = null;

  document.addEventListener("dragstart", (event) => {
    const entry = event.target.closest && event.target.closest("[data-move-form]");
    if (!entry) return;
    dragged = entry;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", entry.dataset.moveForm);
  });

  document.addEventListener("dragover", (event) => {
    const day = event.target.closest && event.target.closest("[data-day]");
    if (day && dragged) {
      event.preventDefault();
      day.classList.add("desk-drop");
    }
  });

  document.addEventListener("dragleave", (event) => {
    const day = event.target.closest && event.target.closest("[data-day]");
    if (day) day.classList.remove("desk-drop");
  });

  document.addEventListener("drop", (event) => {
    const day = event.target.closest && event.target.closest("[data-day]");
    if (!day || !dragged) return;
    event.preventDefault();
    const form = document.getElementById(dragged.dataset.moveForm);
    dragged = null;
    if (!form || day.contains(form)) return;
    form.querySelector("input[name=day]").value = day.dataset.day;
    form.requestSubmit();
  });
})();
