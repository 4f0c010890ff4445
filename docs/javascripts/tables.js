/* Sortable comparison tables (progressive enhancement; without JavaScript the tables read as
   written). A numbered table whose first header cell has text gets a button in each column
   header; activating it (click, Enter or Space) sorts the rows by that column, ascending then
   descending, and marks the column with aria-sort (WAI-ARIA "sortable table" pattern). A table
   whose caption id line says `.ordered` (data-ordered: a typology, levels, the source's order)
   is never sorted. */
(function () {
  "use strict";

  function cellText(row, index) {
    var cell = row.children[index];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var x = parseFloat(a.replace(/[^\d.-]/g, "")), y = parseFloat(b.replace(/[^\d.-]/g, ""));
    if (/^\D{0,3}\d/.test(a) && /^\D{0,3}\d/.test(b) && !isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }

  function sortBy(table, header, index) {
    var body = table.tBodies[0];
    var descending = header.getAttribute("aria-sort") === "ascending";
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var order = compare(cellText(r1, index), cellText(r2, index));
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  document.querySelectorAll("article table[id^='tbl-']").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    if (table.hasAttribute("data-ordered")) return;  /* a typology or sequence: order carries meaning */
    if (!table.tBodies.length || table.tBodies[0].rows.length < 3 || !headers.length ||
        !headers[0].textContent.trim()) return;
    table.setAttribute("data-sortable", "");  /* not a class: Material styles only table:not([class]) */
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      var hint = document.createElement("span");
      hint.className = "md-visually-hidden";
      hint.textContent = " (sort)";
      button.appendChild(hint);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th, index); });
    });
  });
})();
