// Autosave of the story form (autosave/views.py): what the author types is sent to the server a few seconds
// after they stop typing, kept apart from the story (no revision, nothing live changes). Opening the form again
// offers the unsaved text back: restore it into the form, or discard it. If the server stops taking it (signed
// out, offline), a warning says so and a copy is kept in this browser, offered back after signing in again.
// Leaving the form with unsaved changes asks first.
//
// Loaded as a classic script in the page head, before the body editor's module runs, so it hears the editor's
// "prose-editor:ready" event; everything else waits for the document.
(function () {
  "use strict";

  const script = document.currentScript;
  const URL_ = script.dataset.autosaveUrl;
  const LOGIN_URL = script.dataset.autosaveLogin;
  const STORE_KEY = `newsroom-autosave:${script.dataset.autosaveUser}:${URL_}`;
  const DELAY = 2000; // after the last keystroke
  const MAX_WAIT = 10000; // however long the typing goes on
  const NOT_SAVED = new Set(["csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew"]);
  const editors = new Map(); // body text area -> its rich-text editor

  document.addEventListener("prose-editor:ready", (event) => {
    editors.set(event.detail.textarea, event.detail.editor);
  });

  function controls(form) {
    return Array.from(form.elements).filter(
      (el) => el.name && !NOT_SAVED.has(el.name) && !el.disabled
        && !["file", "submit", "button", "reset", "image"].includes(el.type),
    );
  }

  // The form as [name, value] pairs, in order, with the labels of chosen options (autocomplete selects only
  // hold the options already chosen, so a restore must recreate them).
  function snapshot(form) {
    const fields = [];
    const labels = {};
    for (const el of controls(form)) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) fields.push([el.name, el.value]);
      } else if (el.tagName === "SELECT") {
        for (const option of el.selectedOptions) {
          fields.push([el.name, option.value]);
          (labels[el.name] ||= {})[option.value] = option.text;
        }
      } else {
        fields.push([el.name, el.value]);
      }
    }
    return { fields, labels };
  }

  // What the author sees and typed: hidden inputs (the version the form was opened from, the initial publish
  // time) are kept and restored, but do not make a copy differ from the form.
  function visible(form, data) {
    const hidden = new Set(controls(form).filter((el) => el.type === "hidden").map((el) => el.name));
    return JSON.stringify(data.fields.filter(([name]) => !hidden.has(name)));
  }

  function setBody(textarea, value) {
    const editor = editors.get(textarea)
      || textarea.closest(".prose-editor")?.querySelector(".tiptap.ProseMirror")?.editor;
    if (editor) editor.commands.setContent(value || "");
    textarea.value = value;
  }

  function restore(form, data) {
    const values = new Map();
    for (const [name, value] of data.fields) {
      if (!values.has(name)) values.set(name, []);
      values.get(name).push(value);
    }
    const seen = new Map(); // how many controls of a name were filled (split date and time, for instance)
    for (const el of controls(form)) {
      const wanted = values.get(el.name);
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Boolean(wanted && wanted.includes(el.value));
        el.dispatchEvent(new Event("change", { bubbles: true }));
      } else if (el.tagName === "SELECT") {
        const chosen = wanted || [];
        const known = new Set(Array.from(el.options, (option) => option.value));
        for (const value of chosen) {
          if (!known.has(value)) {
            const label = (data.labels[el.name] || {})[value] || value;
            el.add(new Option(label, value));
          }
        }
        for (const option of el.options) option.selected = chosen.includes(option.value);
        el.dispatchEvent(new Event("change", { bubbles: true }));
      } else if (wanted) {
        const index = seen.get(el.name) || 0;
        seen.set(el.name, index + 1);
        if (index >= wanted.length) continue;
        if (el.tagName === "TEXTAREA" && el.name === "body") setBody(el, wanted[index]);
        else el.value = wanted[index];
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
  }

  function csrfToken(form) {
    // The cookie first: signing in again (in another tab) changes the token, and the page's copy goes stale.
    const cookie = document.cookie.split("; ").find((item) => item.startsWith("csrftoken="));
    if (cookie) return decodeURIComponent(cookie.slice("csrftoken=".length));
    return form.elements.csrfmiddlewaretoken ? form.elements.csrfmiddlewaretoken.value : "";
  }

  function readLocal() {
    try {
      return JSON.parse(localStorage.getItem(STORE_KEY) || "null");
    } catch {
      return null;
    }
  }

  function writeLocal(data) {
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify({ data, saved_at: new Date().toISOString() }));
      return true;
    } catch {
      return false; // storage full or refused: the warning still says the text is only in this tab
    }
  }

  function forgetLocal() {
    try {
      localStorage.removeItem(STORE_KEY);
    } catch {
      // nothing kept
    }
  }

  // Copies kept in the browser while autosave could not reach the server, forgotten after a month.
  function forgetOldCopies() {
    const limit = Date.now() - 30 * 24 * 3600 * 1000;
    try {
      for (const key of Object.keys(localStorage)) {
        if (!key.startsWith("newsroom-autosave:")) continue;
        const copy = JSON.parse(localStorage.getItem(key) || "null");
        if (!copy || !(Date.parse(copy.saved_at) > limit)) localStorage.removeItem(key);
      }
    } catch {
      // storage refused or a foreign value: nothing to tidy
    }
  }

  function when(iso) {
    return new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function start() {
    const form = document.querySelector("#content-main form[method=post]");
    if (!form) return;
    const panel = element("div", "autosave");
    const status = element("p", "autosave-status");
    status.setAttribute("role", "status");
    const warning = element("div", "autosave-warning");
    warning.setAttribute("role", "alert");
    warning.hidden = true;
    panel.append(warning, status);
    form.before(panel);

    const initial = visible(form, snapshot(form));
    let submitting = false;
    let timer = null;
    let pendingSince = null;
    let lastSent = null;
    let offerOpen = false; // an offered copy is neither restored nor discarded: autosave must not replace it

    function warn(message) {
      const kept = writeLocal(snapshot(form));
      warning.replaceChildren(element("strong", "", "Autosave has stopped. "), document.createTextNode(message));
      warning.append(
        " ",
        kept
          ? "Your changes are only in this tab, with a copy in this browser that this form offers back."
          : "Your changes are only in this tab: do not close it.",
      );
      if (message.includes("signed out") && LOGIN_URL) {
        const link = element("a", "", "Sign in again in a new tab");
        link.href = LOGIN_URL;
        link.target = "_blank";
        warning.append(" ", link, ", then keep writing here: autosave starts again.");
      }
      warning.hidden = false;
      status.textContent = "";
    }

    // One request at a time, in order: the offer is read before anything is sent, and a slow answer never lets an
    // older copy overwrite a newer one.
    let queue = Promise.resolve();
    function save() {
      timer = null;
      pendingSince = null;
      queue = queue.then(send, send);
    }

    async function send() {
      if (submitting) return;
      if (offerOpen) {
        status.textContent = "Autosave waits until you restore or discard the unsaved text above.";
        return;
      }
      const data = snapshot(form);
      const body = JSON.stringify(data);
      if (body === lastSent) return;
      let response;
      try {
        response = await fetch(URL_, {
          method: "POST",
          body,
          credentials: "same-origin",
          redirect: "manual",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(form) },
        });
      } catch {
        warn("The server cannot be reached.");
        return;
      }
      if (response.ok) {
        let savedAt;
        try {
          savedAt = (await response.json()).saved_at;
        } catch {
          warn("The server's answer was not understood (a sign-in page?).");
          return;
        }
        lastSent = body;
        forgetLocal();
        warning.hidden = true;
        status.textContent = `Unsaved changes autosaved at ${when(savedAt)}. Save the story to keep them.`;
      } else if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
        warn("You are signed out.");
      } else {
        let reason = `The server answered ${response.status}.`;
        try {
          reason = (await response.json()).error || reason;
        } catch {
          // not JSON: keep the status
        }
        warn(reason);
      }
    }

    function changed() {
      if (submitting) return;
      const now = Date.now();
      pendingSince ??= now;
      clearTimeout(timer);
      timer = setTimeout(save, Math.max(0, Math.min(DELAY, pendingSince + MAX_WAIT - now)));
    }

    async function offer() {
      let server = null;
      try {
        const response = await fetch(URL_, { credentials: "same-origin", redirect: "manual" });
        if (response.ok) server = await response.json();
        if (server && !server.data) server = null;
      } catch {
        // offline: a copy in this browser may still be there
      }
      const local = readLocal();
      const copy = [server, local].filter(Boolean).sort((a, b) => b.saved_at.localeCompare(a.saved_at))[0];
      if (!copy) return;
      if (visible(form, copy.data) === initial) {
        // The form already holds this text (its save raced the autosave): nothing to offer.
        if (!document.querySelector(".errornote")) discard();
        return;
      }
      if (document.querySelector(".errornote")) return; // a form sent back with errors holds the newest text
      const box = element("div", "autosave-offer");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Unsaved text");
      const headline = copy.data.fields.find(([name]) => name === "headline");
      const text = element("p", "", `This form has unsaved text from ${when(copy.saved_at)}`);
      text.append(headline && headline[1] ? ` (“${headline[1]}”).` : ".", " Restore it into the form, or discard it.");
      const restoreButton = element("button", "button autosave-restore", "Restore unsaved text");
      const discardButton = element("button", "button autosave-discard", "Discard it");
      restoreButton.type = discardButton.type = "button";
      box.append(text, restoreButton, " ", discardButton);
      panel.append(box);
      offerOpen = true;
      restoreButton.addEventListener("click", () => {
        offerOpen = false;
        restore(form, copy.data);
        box.remove();
        status.textContent = "Unsaved text restored. Save the story to keep it.";
        changed();
      });
      discardButton.addEventListener("click", () => {
        offerOpen = false;
        discard();
        box.remove();
        status.textContent = "Unsaved text discarded.";
        lastSent = null;
        if (visible(form, snapshot(form)) !== initial) changed(); // what was typed meanwhile is kept now
      });
    }

    function discard() {
      forgetLocal();
      const remove = () => fetch(URL_, {
        method: "DELETE",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken(form) },
      }).catch(() => {});
      queue = queue.then(remove, remove);
    }

    forgetOldCopies();
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", (event) => {
      const token = form.elements.csrfmiddlewaretoken;
      if (token) token.value = csrfToken(form);
      const target = (event.submitter && event.submitter.getAttribute("formtarget")) || form.target;
      if (target && target !== "_self") return; // Preview, Compare with live: a new tab, and this form stays
      submitting = true;
      clearTimeout(timer);
    });
    window.addEventListener("beforeunload", (event) => {
      const fileChosen = Array.from(form.elements).some((el) => el.type === "file" && el.files.length);
      if (submitting || (!fileChosen && visible(form, snapshot(form)) === initial)) return;
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    });
    queue = offer();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
