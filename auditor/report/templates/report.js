// Vanilla JS: hash routing between views, table sorting and filtering. No external code.
(function () {
  "use strict";
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  var baseTitle = document.title;
  function headerHeight() {
    var h = document.querySelector("header.top");
    if (h) { document.documentElement.style.setProperty("--hdr", h.offsetHeight + "px"); }
  }
  headerHeight();
  window.addEventListener("resize", headerHeight);
  function route() {
    if (!document.querySelector("section.view")) { return; }  // a one-page report (compare.html)
    var h = (location.hash || "#overview").slice(1);
    var anchor = null, openDiff = false;
    var m = /^((p\d+)-f\d+)(-diff)?$/.exec(h);
    if (m) { anchor = m[1]; h = m[2]; openDiff = !!m[3]; }
    // from the overview's charts: the projects with that problem / of that department
    var c = /^(cat|dept)=(.+)$/.exec(h);
    if (c) {
      var sel = document.getElementById("f-" + c[1]);
      if (sel) { sel.value = decodeURIComponent(c[2]); sel.dispatchEvent(new Event("change")); }
      h = "projects";
    }
    var view = document.getElementById("view-" + h) || document.getElementById("view-overview");
    $$("section.view").forEach(function (s) { s.hidden = s !== view; });
    var navKey = view.classList.contains("project") ? "projects" : view.id.slice(5);
    $$("#nav a").forEach(function (a) { a.classList.toggle("active", a.getAttribute("data-view") === navKey); });
    if (anchor) {
      var el = document.getElementById(anchor);
      var box = el && openDiff ? $("details.diffbox", el) : null;
      if (box) { box.open = true; }
      if (el) { el.scrollIntoView({block: box ? "start" : "center"}); }
    } else {
      window.scrollTo(0, 0);
    }
    var title = $(".pname", view);
    document.title = title ? title.textContent + " · " + baseTitle : baseTitle;
  }
  window.addEventListener("hashchange", route);

  function cellValue(row, idx, type) {
    var cell = row.children[idx];
    if (!cell) { return ""; }
    var v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
    if (type === "num") { var n = parseFloat(v); return isNaN(n) ? -Infinity : n; }
    return v;
  }

  function makeSortable(table) {
    var heads = $$("thead th", table);
    heads.forEach(function (th, idx) {
      var type = th.getAttribute("data-type");
      if (!type) { return; }
      th.setAttribute("tabindex", "0");
      th.setAttribute("title", (th.getAttribute("title") ? th.getAttribute("title") + "。" : "") + "点击排序");
      function sort() {
        var dir = th.getAttribute("data-sort") === "asc" ? "desc" : "asc";
        heads.forEach(function (h) { h.removeAttribute("data-sort"); });
        th.setAttribute("data-sort", dir);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var coll = typeof Intl !== "undefined" ? new Intl.Collator("zh-CN") : null;
        rows.sort(function (a, b) {
          var x = cellValue(a, idx, type), y = cellValue(b, idx, type);
          var c = type === "num" ? x - y : (coll ? coll.compare(x, y) : (x < y ? -1 : x > y ? 1 : 0));
          return dir === "asc" ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
    });
  }
  $$("table.data").forEach(makeSortable);

  // Generic filters: <div class="tfilter" data-table="ID"> with a text box (data-col: search one
  // column, else the whole row), selects / checkboxes with data-key (match the row's data-KEY words).
  $$(".tfilter").forEach(function (box) {
    var tbl = document.getElementById(box.getAttribute("data-table"));
    if (!tbl) { return; }
    var inputs = $$("input,select", box), counter = $(".tcount", box);
    function wanted(el) {
      if (el.type === "checkbox") { return el.checked ? el.value : ""; }
      return el.value.trim().toLowerCase();
    }
    function apply() {
      var rows = Array.prototype.slice.call(tbl.tBodies[0].rows), shown = 0;
      rows.forEach(function (tr) {
        var ok = inputs.every(function (el) {
          var v = wanted(el);
          if (!v) { return true; }
          var key = el.getAttribute("data-key");
          if (key) { return (" " + (tr.getAttribute("data-" + key) || "").toLowerCase() + " ").indexOf(" " + v + " ") >= 0; }
          var col = el.getAttribute("data-col");
          var text = col ? (tr.children[+col] || tr).textContent : tr.textContent;
          return text.toLowerCase().indexOf(v) >= 0;
        });
        tr.classList.toggle("hidden", !ok);
        if (ok) { shown += 1; }
      });
      if (counter) { counter.textContent = "显示 " + shown + " / " + rows.length + " 行"; }
    }
    inputs.forEach(function (el) { el.addEventListener("input", apply); el.addEventListener("change", apply); });
    apply();
  });

  var table = document.getElementById("ptable");
  if (table) {
    var q = $("#q"), dept = $("#f-dept"), cat = $("#f-cat"), grade = $("#f-grade"), count = $("#count");
    var applyFilter = function () {
      var text = q.value.trim().toLowerCase(), shown = 0;
      $$("tbody tr", table).forEach(function (tr) {
        var ok = (!text || tr.children[1].textContent.toLowerCase().indexOf(text) >= 0) &&
          (!dept.value || tr.getAttribute("data-dept") === dept.value) &&
          (!cat.value || (" " + tr.getAttribute("data-cats") + " ").indexOf(" " + cat.value + " ") >= 0) &&
          (!grade.value || tr.getAttribute("data-grade") === grade.value);
        tr.classList.toggle("hidden", !ok);
        if (ok) { shown += 1; }
      });
      count.textContent = "显示 " + shown + " / " + table.tBodies[0].rows.length + " 个项目";
    };
    [q, dept, cat, grade].forEach(function (el) { el.addEventListener("input", applyFilter); el.addEventListener("change", applyFilter); });
    applyFilter();
    table.tBodies[0].addEventListener("click", function (e) {
      if (e.target.closest("a")) { return; }
      var tr = e.target.closest("tr");
      if (tr && tr.getAttribute("data-href")) { location.hash = tr.getAttribute("data-href"); }
    });
  }
  route();
})();
