// The news list's filters: one folded control above the stories on phones, an open panel beside them on wider
// screens (the breakpoint of .list-layout in site.css). Without this script the panel simply starts folded.
(function () {
  "use strict";
  var panel = document.querySelector("details.filters");
  if (!panel || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 48rem)");
  function fit() {
    panel.open = wide.matches;
  }
  fit();
  wide.addEventListener("change", fit);
})();
