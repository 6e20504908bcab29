(function () {
  "use strict";
  // The page works without this script (a plain form posting into the report frame); the
  // script adds drag and drop, a file list, checks of the limits before uploading, the
  // language switch without reloading, and downloads that keep the page as it is.
  var root = document.documentElement;
  root.className += " js";
  var data = JSON.parse(document.getElementById("page-data").textContent);
  var M = data.messages;
  var form = document.getElementById("check-form");
  var input = document.getElementById("files");
  var dropzone = document.getElementById("dropzone");
  var list = document.getElementById("file-list");
  var alertBox = document.getElementById("alert");
  var statusBox = document.getElementById("status");
  var checkButton = document.getElementById("check-button");
  var result = document.getElementById("result");
  var frame = document.getElementById("report-frame");
  var langInput = form.querySelector("input[name=lang]");
  var files = [];
  var busy = false;
  var doneFiles = null;
  var notChecked = [];
  var resizeObserver = null;

  function lang() { return root.getAttribute("data-lang") === "en" ? "en" : "zh"; }
  function msg(key, args) {
    var text = (M[key] || { zh: key, en: key })[lang()];
    Object.keys(args || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(args[k])); });
    return text;
  }
  function suffixOf(name) {
    var dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot).toLowerCase();
  }
  function sizeText(bytes) {
    if (bytes < 1024) { return bytes + " B"; }
    if (bytes < 1024 * 1024) { return (bytes / 1024).toFixed(1) + " KB"; }
    return (bytes / 1024 / 1024).toFixed(1) + " MB";
  }

  // --- messages -----------------------------------------------------------------------------
  function showAlert(text, details, note) {
    alertBox.textContent = "";
    alertBox.className = note ? "alert note" : "alert";
    var p = document.createElement("p");
    p.textContent = text.charAt(0).toUpperCase() + text.slice(1);
    alertBox.appendChild(p);
    if (details && details.length) {
      var ul = document.createElement("ul");
      details.forEach(function (d) {
        var li = document.createElement("li");
        li.textContent = d;
        ul.appendChild(li);
      });
      alertBox.appendChild(ul);
    }
    alertBox.hidden = false;
  }
  function clearAlert() { alertBox.hidden = true; alertBox.textContent = ""; }
  function joined(names) { return names.join(lang() === "zh" ? "、" : ", "); }
  function setBusy(on) {
    busy = on;
    var parts = [];
    if (doneFiles && doneFiles.length) { parts.push(msg("done", { files: joined(doneFiles) })); }
    if (doneFiles && notChecked.length) { parts.push(msg("not_checked", { files: joined(notChecked) })); }
    var done = parts.join(lang() === "zh" ? "；" : "; ");
    statusBox.textContent = on ? msg("checking") : done;
    statusBox.className = on ? "status busy" : (done ? (notChecked.length ? "status done partial" : "status done") : "status");
    checkButton.disabled = on;
    Array.prototype.forEach.call(document.querySelectorAll("button[data-download]"), function (b) { b.disabled = on; });
  }

  // --- the files ----------------------------------------------------------------------------
  function problems() {
    var out = [];
    if (!files.length) { return [msg("js_need_files")]; }
    if (files.length > data.maxFiles) { out.push(msg("js_too_many", { max: data.maxFiles, count: files.length })); }
    var total = files.reduce(function (sum, f) { return sum + f.size; }, 0);
    if (total > data.maxBytes) {
      out.push(msg("js_too_large", { max: (data.maxBytes / 1048576).toFixed(0), size: (total / 1048576).toFixed(1) }));
    }
    return out;
  }
  // Files no reader here takes are still sent, as `jxcheck check` takes them: the report lists
  // each as unreadable (S000) beside the others' findings. The page only says so beforehand.
  function notices() {
    var bad = files.filter(function (f) { return data.suffixes.indexOf(suffixOf(f.name)) < 0; });
    if (!bad.length) { return []; }
    return [msg("js_unsupported", {
      names: joined(bad.map(function (f) { return f.name; })),
      formats: data.suffixes.join(" ")
    })];
  }
  function syncInput() {
    if (typeof DataTransfer === "undefined") { return; }
    var transfer = new DataTransfer();
    files.forEach(function (f) { transfer.items.add(f); });
    input.files = transfer.files;
  }
  function renderList() {
    list.textContent = "";
    files.forEach(function (f, i) {
      var li = document.createElement("li");
      var ext = document.createElement("span");
      ext.className = "ext";
      ext.textContent = suffixOf(f.name).slice(1) || "?";
      var name = document.createElement("span");
      name.className = "name";
      name.textContent = f.name;
      var size = document.createElement("span");
      size.className = "size";
      size.textContent = sizeText(f.size);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link";
      remove.textContent = msg("remove");
      remove.setAttribute("aria-label", msg("remove") + " " + f.name);
      remove.addEventListener("click", function () { files.splice(i, 1); changed(); });
      if (data.suffixes.indexOf(suffixOf(f.name)) < 0) { li.className = "bad"; }
      li.appendChild(ext); li.appendChild(name); li.appendChild(size); li.appendChild(remove);
      list.appendChild(li);
    });
    if (files.length > 1) {
      var total = document.createElement("li");
      total.className = "total";
      total.textContent = msg("js_files", {
        count: files.length,
        size: sizeText(files.reduce(function (s, f) { return s + f.size; }, 0))
      });
      list.appendChild(total);
    }
  }
  function changed() {
    syncInput();
    renderList();
    var found = files.length ? problems() : [];
    var notes = found.length ? [] : notices();
    if (found.length) {
      showAlert(found[0], found.slice(1));
    } else if (notes.length) {
      showAlert(notes[0], notes.slice(1), true);
    } else {
      clearAlert();
    }
  }
  function addFiles(picked) {
    Array.prototype.forEach.call(picked, function (f) {
      var same = files.some(function (g) { return g.name === f.name && g.size === f.size && g.lastModified === f.lastModified; });
      if (!same) { files.push(f); }
    });
    changed();
  }
  input.addEventListener("change", function () {
    var picked = Array.prototype.slice.call(input.files || []);
    addFiles(picked);
  });
  ["dragenter", "dragover"].forEach(function (type) {
    dropzone.addEventListener(type, function (e) { e.preventDefault(); dropzone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    dropzone.addEventListener(type, function (e) { e.preventDefault(); dropzone.classList.remove("over"); });
  });
  dropzone.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files) { addFiles(e.dataTransfer.files); }
  });
  // A file dropped beside the zone must not make the browser leave the page.
  window.addEventListener("dragover", function (e) { e.preventDefault(); });
  window.addEventListener("drop", function (e) { e.preventDefault(); });

  // --- the policy -------------------------------------------------------------------------
  var policy = document.getElementById("policy");
  function showPolicy() {
    var option = policy.options[policy.selectedIndex];
    var chain = document.getElementById("policy-chain");
    var description = document.getElementById("policy-description");
    if (!option || !chain || !description) { return; }
    chain.textContent = option.getAttribute("data-chain");
    description.textContent = option.getAttribute("data-description");
  }
  policy.addEventListener("change", showPolicy);

  // --- language -----------------------------------------------------------------------------
  function withLang(url, value) {
    var u = new URL(url, window.location.href);
    u.searchParams.set("lang", value);
    return u.pathname + u.search;
  }
  function setLang(value) {
    root.setAttribute("data-lang", value);
    root.setAttribute("lang", value === "zh" ? "zh-CN" : "en");
    document.title = root.getAttribute("data-title-" + value) || document.title;
    langInput.value = value;
    form.setAttribute("action", withLang(form.getAttribute("action"), value));
    Array.prototype.forEach.call(document.querySelectorAll("button[formaction]"), function (b) {
      b.setAttribute("formaction", withLang(b.getAttribute("formaction"), value));
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-set-lang]"), function (a) {
      a.setAttribute("aria-pressed", String(a.getAttribute("data-set-lang") === value));
    });
    var page = new URL(window.location.href);
    page.searchParams.set("lang", value);
    window.history.replaceState(null, "", page.pathname + page.search);
    var doc = frameDocument();
    if (doc) {
      var button = doc.querySelector("button[data-set-lang='" + value + "']");
      if (button) { button.click(); }
    }
    renderList();
    if (!busy) { setBusy(false); }
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-set-lang]"), function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); setLang(a.getAttribute("data-set-lang")); });
  });

  // --- the report frame ---------------------------------------------------------------------
  function frameDocument() {
    try { return frame.contentDocument; } catch (err) { return null; }
  }
  function fitFrame() {
    var doc = frameDocument();
    if (!doc || !doc.body) { return; }
    var height = Math.ceil(doc.body.getBoundingClientRect().height) + 2;
    if (height > 80) { frame.style.height = height + "px"; }
  }
  // The files the report names in an S000 finding (unreadable, or stopped at a limit): the
  // report lists them with the reason; the status line names them beside the checked ones.
  function unchecked(doc, names) {
    var places = Array.prototype.map.call(doc.querySelectorAll("[data-rule='S000'] .loc"), function (el) {
      return el.getAttribute("title") || el.textContent;
    });
    return names.filter(function (name) {
      return places.some(function (place) { return place === name || place.indexOf(name + ":") === 0; });
    });
  }
  frame.addEventListener("load", function () {
    var doc = frameDocument();
    if (!doc || !doc.body || doc.location.href === "about:blank") { return; }
    var error = doc.querySelector("meta[name=jxcheck-error]");
    if (error) {
      result.classList.remove("has-report");
      doneFiles = null;
      notChecked = [];
      setBusy(false);
      var message = doc.querySelector("[data-error-message] ." + lang()) || doc.querySelector("[data-error-message]");
      var details = Array.prototype.map.call(doc.querySelectorAll("[data-error-details] li"), function (li) {
        var part = li.querySelector("." + lang());
        return (part || li).textContent;
      });
      showAlert(message ? message.textContent : msg("js_failed", { detail: error.getAttribute("content") }), details);
      return;
    }
    result.classList.add("has-report");
    var sent = files.map(function (f) { return f.name; });
    notChecked = unchecked(doc, sent);
    doneFiles = sent.filter(function (name) { return notChecked.indexOf(name) < 0; });
    setBusy(false);
    if (doc.documentElement.getAttribute("data-lang") !== lang()) {
      var button = doc.querySelector("button[data-set-lang='" + lang() + "']");
      if (button) { button.click(); }
    }
    fitFrame();
    if (resizeObserver) { resizeObserver.disconnect(); }
    var Observer = frame.contentWindow && frame.contentWindow.ResizeObserver;
    if (Observer) {
      resizeObserver = new Observer(fitFrame);
      resizeObserver.observe(doc.body);
    }
  });

  // --- downloads ----------------------------------------------------------------------------
  function fileName(response, fallback) {
    var header = response.headers.get("content-disposition") || "";
    var star = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (star) { try { return decodeURIComponent(star[1]); } catch (err) { /* fall through */ } }
    var plain = /filename="([^"]+)"/i.exec(header);
    return plain ? plain[1] : fallback;
  }
  function download(button) {
    var format = button.getAttribute("data-download");
    setBusy(true);
    clearAlert();
    window.fetch(button.getAttribute("formaction"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) {
          var e = body && body.error;
          var details = (e && e.details || []).map(function (d) { return d.file + ": " + d.message[lang()]; });
          showAlert(e ? e.message[lang()] : msg("js_failed", { detail: response.status }), details);
        }, function () { showAlert(msg("js_failed", { detail: response.status })); });
      }
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var link = document.createElement("a");
        link.href = url;
        link.download = fileName(response, "jxcheck-report." + format);
        document.body.appendChild(link);
        link.click();
        document.body.removeChild(link);
        window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      });
    }).catch(function (err) {
      showAlert(msg("js_failed", { detail: err && err.message ? err.message : String(err) }));
    }).then(function () { setBusy(false); });
  }

  form.addEventListener("submit", function (e) {
    var submitter = e.submitter || null;
    var found = problems();
    if (busy || found.length) {
      e.preventDefault();
      if (found.length) { showAlert(found[0], found.slice(1)); }
      return;
    }
    clearAlert();
    if (submitter && submitter.hasAttribute("data-download") && window.fetch) {
      e.preventDefault();
      download(submitter);
      return;
    }
    if (!submitter || !submitter.hasAttribute("data-download")) {
      window.setTimeout(function () { setBusy(true); }, 0);
    }
  });

  // Files the browser kept in the input (back/forward) join the list.
  if (input.files && input.files.length) { addFiles(Array.prototype.slice.call(input.files)); }
  showPolicy();
  setLang(lang());
})();
