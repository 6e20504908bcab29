(function () {
  "use strict";
  var root = document.documentElement;
  var titles = { zh: root.getAttribute("data-title-zh"), en: root.getAttribute("data-title-en") };

  function setLang(lang) {
    root.setAttribute("data-lang", lang);
    root.setAttribute("lang", lang === "zh" ? "zh-CN" : "en");
    document.title = titles[lang] || document.title;
    document.querySelectorAll("option[data-" + lang + "]").forEach(function (o) {
      o.textContent = o.getAttribute("data-" + lang);
    });
    document.querySelectorAll("button[data-set-lang]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-set-lang") === lang));
    });
  }
  document.querySelectorAll("button[data-set-lang]").forEach(function (b) {
    b.addEventListener("click", function () { setLang(b.getAttribute("data-set-lang")); });
  });
  var printButton = document.getElementById("print");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }

  var severityBoxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter-severity]"));
  var waivedBox = document.getElementById("filter-waived");
  var ruleSelect = document.getElementById("filter-rule");
  var gradeSelect = document.getElementById("filter-grade");
  var shownCount = document.getElementById("shown-count");

  function applyFilters() {
    var severities = {};
    severityBoxes.forEach(function (b) { severities[b.value] = b.checked; });
    var rule = ruleSelect ? ruleSelect.value : "";
    var grade = gradeSelect ? gradeSelect.value : "";
    var shown = 0;
    document.querySelectorAll("section.project").forEach(function (section) {
      var sectionGrade = section.getAttribute("data-grade");
      var sectionShown = !grade || sectionGrade === grade;
      section.hidden = !sectionShown;
      var visible = 0;
      // the listed findings count; whitespace and export artefacts (folded in
      // details.tidy) follow the filters but are not what the count and the note are about
      var listed = 0;
      section.querySelectorAll("li.finding").forEach(function (row) {
        var show = severities[row.getAttribute("data-severity")] === true &&
          (!rule || row.getAttribute("data-rule") === rule) &&
          (waivedBox.checked || row.getAttribute("data-waived") !== "true");
        row.hidden = !show;
        if (row.closest("details.tidy")) { return; }
        listed += 1;
        if (show) { visible += 1; }
      });
      var note = section.querySelector(".filtered-out");
      if (note) { note.hidden = listed === 0 || visible > 0; }
      if (sectionShown) { shown += visible; }
    });
    document.querySelectorAll("tr[data-grade]").forEach(function (row) {
      row.hidden = Boolean(grade) && row.getAttribute("data-grade") !== grade;
    });
    if (shownCount) { shownCount.textContent = String(shown); }
  }
  severityBoxes.concat([waivedBox, ruleSelect, gradeSelect]).forEach(function (el) {
    if (el) { el.addEventListener("change", applyFilters); }
  });

  setLang(root.getAttribute("data-lang") || "zh");
  applyFilters();
})();
