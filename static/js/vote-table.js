// Filters the table of member states' votes as the reader types. Without JavaScript the whole table shows.
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter-table]").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-filter-table"));
    if (!table) { return; }
    var box = input.closest(".vote-filter");
    var status = box.querySelector("[aria-live]");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function normalise(text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
    }
    function filter() {
      var wanted = normalise(input.value);
      var shown = 0;
      rows.forEach(function (row) {
        var match = !wanted || normalise(row.textContent).indexOf(wanted) !== -1;
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = wanted ? "Showing " + shown + " of " + rows.length + " member states." : "";
    }
    input.addEventListener("input", filter);
    box.hidden = false;
  });
})();
