// The web desk's few behaviours that need a script (no build step): the voucher grid's live
// totals and keys, the search matches, dropping files to attach.
(function () {
  "use strict";
  function fen(text) {
    var t = (text || "").replace(/[,，\s]/g, "").replace(/[０-９．]/g, function (c) {
      return c === "．" ? "." : String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    });
    if (t === "") return 0;
    if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return NaN;
    return Math.round(parseFloat(t) * 100);
  }
  function yuan(f) {
    var neg = f < 0, s = String(Math.abs(f)).padStart(3, "0");
    var int = s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (neg ? "-" : "") + int + "." + s.slice(-2);
  }
  function sums(grid) {
    var d = 0, c = 0, bad = false;
    grid.querySelectorAll("input.debit").forEach(function (i) { var v = fen(i.value); if (isNaN(v)) bad = true; else d += v; });
    grid.querySelectorAll("input.credit").forEach(function (i) { var v = fen(i.value); if (isNaN(v)) bad = true; else c += v; });
    return { d: d, c: c, bad: bad };
  }
  function totals() {
    var grid = document.getElementById("grid");
    if (!grid) return;
    var s = sums(grid);
    document.getElementById("sum-debit").textContent = yuan(s.d);
    document.getElementById("sum-credit").textContent = yuan(s.c);
    var check = document.getElementById("balance-check");
    if (s.bad) { check.textContent = "有金额无法识别"; check.className = "check bad"; }
    else if (s.d === s.c && s.d !== 0) { check.textContent = "借贷平衡"; check.className = "check ok"; }
    else if (s.d === 0 && s.c === 0) { check.textContent = ""; check.className = "check"; }
    else { check.textContent = "借贷不平：差额 " + yuan(s.d - s.c); check.className = "check bad"; }
  }
  function cells() {
    // The optional 经济分类 cell is skipped: Enter goes from 贷方 to the next row's 科目.
    return Array.prototype.slice.call(document.querySelectorAll("#entry input:not([type=hidden]):not(.econ)"));
  }
  document.addEventListener("input", function (e) {
    if (e.target.matches("#grid input.debit, #grid input.credit")) totals();
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (!t.matches || !t.matches("#entry input")) return;
    if (e.key === "Enter" && t.id !== "save") {
      e.preventDefault();
      var all = cells(), i = all.indexOf(t);
      if (i === all.length - 1) { addRow(); all = cells(); }
      if (i + 1 < all.length) all[i + 1].focus();
      return;
    }
    if (t.matches("input.debit, input.credit")) {
      if (e.key === "=") {
        e.preventDefault();
        t.value = "";
        var s = sums(document.getElementById("grid"));
        var need = t.matches(".debit") ? s.c - s.d : s.d - s.c;
        if (need > 0) t.value = yuan(need).replace(/,/g, "");
        totals();
      } else if (e.key === " ") {
        e.preventDefault();
        var row = t.closest("tr");
        var other = row.querySelector(t.matches(".debit") ? "input.credit" : "input.debit");
        if (t.value !== "") { other.value = t.value; t.value = ""; other.focus(); totals(); }
      }
    }
  });
  function addRow() {
    var rows = document.getElementById("rows");
    var last = rows.querySelector("tr.row:last-child");
    var copy = last.cloneNode(true);
    copy.querySelectorAll("input").forEach(function (i) { i.value = ""; });
    copy.querySelectorAll(".line-error").forEach(function (p) { p.remove(); });
    copy.querySelectorAll(".matches").forEach(function (m) { m.innerHTML = ""; });
    rows.appendChild(copy);
    if (window.htmx) window.htmx.process(copy);
  }
  document.addEventListener("click", function (e) {
    var pick = e.target.closest && e.target.closest("button[data-pick]");
    if (pick) {
      var cell = pick.closest(".pick") || pick.closest("td");
      var input = cell.querySelector("input:not([type=hidden])");
      input.value = pick.textContent.trim();
      cell.querySelector(".matches").innerHTML = "";
      var all = cells(), i = all.indexOf(input);
      if (i + 1 < all.length) all[i + 1].focus();
      return;
    }
    if (e.target.id === "add-row") addRow();
    if (e.target.id === "tick-all") {
      document.querySelectorAll("input.tick").forEach(function (t) { t.checked = e.target.checked; });
    }
  });
  // Dropping files on the zone puts them in the file picker and sends the form.
  document.addEventListener("dragover", function (e) {
    var zone = e.target.closest && e.target.closest(".drop");
    if (zone) { e.preventDefault(); zone.classList.add("over"); }
  });
  document.addEventListener("dragleave", function (e) {
    var zone = e.target.closest && e.target.closest(".drop");
    if (zone) zone.classList.remove("over");
  });
  document.addEventListener("drop", function (e) {
    var zone = e.target.closest && e.target.closest(".drop");
    if (!zone) return;
    e.preventDefault();
    var input = zone.querySelector("input[type=file]");
    input.files = e.dataTransfer.files;
    zone.closest("form").submit();
  });
  document.addEventListener("DOMContentLoaded", totals);
})();
