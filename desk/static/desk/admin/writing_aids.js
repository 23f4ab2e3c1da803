// Writing aids on the story form: live word count and reading time under the body, and how much of the
// headline and standfirst search results and social cards show. Text only, beside each field; no data leaves
// the page.
(function () {
  "use strict";

  const WORDS_PER_MINUTE = 230;
  // What search engines and social cards show before cutting: about 60 characters of a title in search results
  // and 70 on a social card; about 155 characters of a description in search results and 200 on a card.
  const GUIDES = {
    headline: { search: 60, card: 70, name: "headline" },
    standfirst: { search: 155, card: 200, name: "standfirst" },
  };

  function note(field, id) {
    const element = document.createElement("p");
    element.className = "help desk-aid";
    element.id = id;
    const described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    field.setAttribute("aria-describedby", [...described, id].join(" "));
    return element;
  }

  function lengthGuide(field, guide) {
    const element = note(field, `desk-aid-${guide.name}`);
    (field.closest(".flex-container") || field).after(element);
    const update = () => {
      const length = [...field.value.trim()].length;
      let advice = `${length} characters. Search results show about ${guide.search}, social cards about ${guide.card}.`;
      if (length > guide.card) advice += " Both will cut it short.";
      else if (length > guide.search) advice += " Search results will cut it short.";
      element.textContent = advice;
      element.classList.toggle("desk-aid-long", length > guide.search);
    };
    field.addEventListener("input", update);
    update();
  }

  function textOf(html) {
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
    doc.querySelectorAll("p, h2, h3, h4, li, blockquote, br").forEach((el) => el.append(" "));
    return doc.body.textContent || "";
  }

  function wordCount(body) {
    const element = note(body, "desk-aid-body");
    (body.closest(".flex-container") || body).after(element);
    const update = () => {
      const words = textOf(body.value).split(/\s+/).filter(Boolean).length;
      const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
      element.textContent = `${words} ${words === 1 ? "word" : "words"}, about ${minutes} ${minutes === 1 ? "minute" : "minutes"} to read.`;
    };
    body.addEventListener("input", update);
    update();
  }

  function start() {
    for (const [name, guide] of Object.entries(GUIDES)) {
      const field = document.getElementById(`id_${name}`);
      if (field) lengthGuide(field, guide);
    }
    const body = document.getElementById("id_body");
    if (body) wordCount(body);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
