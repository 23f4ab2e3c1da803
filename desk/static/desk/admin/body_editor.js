// The story body's rich-text editor: django-prose-editor's Tiptap build, started with the extensions the server
// chose (desk/editor.py, derived from the sanitizer's allowed tags).
//
// It mirrors django-prose-editor's createTextareaEditor with one difference: `injectCSS: false`. Tiptap would
// otherwise add an inline <style> element, which our Content-Security-Policy refuses; the same rules come from
// django-prose-editor's editor.css and our body_editor.css.
import * as prose from "django-prose-editor/editor";

const ATTRIBUTE = "data-django-prose-editor-newsroom";

function extensionsFrom(config) {
  return Object.entries(config.extensions || {})
    .map(([name, options]) => {
      const extension = prose[name];
      if (!extension) return null;
      return typeof options === "object" && options !== null ? extension.configure(options) : extension;
    })
    .filter(Boolean);
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = prose.crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` });
  textarea.before(wrapper);
  wrapper.append(textarea);
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const editor = new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions: extensionsFrom(config),
    content: textarea.value,
    injectCSS: false,
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": label ? label.textContent.replace(/:$/, "").trim() : "Body",
      },
    },
    onUpdate({ editor: current }) {
      const html = current.getHTML();
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
  if (label) {
    // The label names the hidden text area; clicking it should put the cursor in the editor instead.
    label.addEventListener("click", (event) => {
      event.preventDefault();
      editor.commands.focus();
    });
  }
  textarea.dispatchEvent(new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }));
  return editor;
}

prose.initializeEditors(createEditor, `[${ATTRIBUTE}]`);
