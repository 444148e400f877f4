// Click a column header of the findings table to sort by it; click again to reverse.
// The order is kept in the address (#sort=count-desc), so a sorted view can be shared.
(function () {
  "use strict";
  var table = document.getElementById("findings");
  if (table && table.tHead && table.tBodies.length) {
    var body = table.tBodies[0];
    var headers = table.tHead.rows[0].cells;

    var key = function (row, index, numeric) {
      var cell = row.cells[index];
      var raw = cell.getAttribute("data-sort");
      if (raw === null) {
        raw = cell.textContent || "";
      }
      return numeric ? parseFloat(raw) : raw.toLowerCase();
    };

    var sortBy = function (index, descending) {
      var header = headers[index];
      var numeric = header.getAttribute("data-type") === "number";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, index, numeric);
        var y = key(b, index, numeric);
        var order = x < y ? -1 : x > y ? 1 : 0;
        if (order === 0) {
          return key(a, 0, true) - key(b, 0, true); // ties keep rank order
        }
        return descending ? -order : order;
      });
      rows.forEach(function (row) {
        body.appendChild(row);
      });
      for (var i = 0; i < headers.length; i += 1) {
        headers[i].removeAttribute("aria-sort");
      }
      header.setAttribute("aria-sort", descending ? "descending" : "ascending");
      table.setAttribute(
        "data-sorted-by",
        header.getAttribute("data-key") + (descending ? "-desc" : "")
      );
    };

    Array.prototype.forEach.call(headers, function (header, index) {
      var button = header.querySelector("button");
      if (!button) {
        return;
      }
      button.addEventListener("click", function () {
        sortBy(index, header.getAttribute("aria-sort") === "ascending");
        try {
          history.replaceState(null, "", "#sort=" + table.getAttribute("data-sorted-by"));
        } catch (ignored) {
          // Some browsers refuse replaceState on file:// pages; sorting still works.
        }
      });
    });

    var wanted = /^#sort=([a-z]+)(-desc)?$/.exec(window.location.hash);
    if (wanted) {
      Array.prototype.forEach.call(headers, function (header, index) {
        if (header.getAttribute("data-key") === wanted[1]) {
          sortBy(index, Boolean(wanted[2]));
        }
      });
    }
  }
  document.documentElement.setAttribute("data-js-ready", "true");
})();
