// Work summary narrative: typed text is saved in the background (debounced POST to the
// autosave endpoint, CSRF token from the form), links and forms marked data-save-first
// wait for that save before leaving, and leaving with unsaved text asks first.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var url = form.getAttribute("data-autosave");
  var DELAY = 1200;
  var timer = null;
  var dirty = false;
  var pending = null;
  var base = form.getAttribute("data-base") || "";  // the version the text is typed over

  function say(text, failed) {
    status.textContent = text;
    status.classList.toggle("error", !!failed);
  }

  function token() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post() {
    dirty = false;
    say(status.getAttribute("data-saving"));
    var body = new FormData(form);
    body.append("base", base);
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": token(), "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.message || ""); }
        return data;
      });
    }).then(function (data) {
      base = String(data.version);
      say(data.status);
      return true;
    }).catch(function (error) {
      dirty = true;
      var reason = error && error.message && !/JSON|token/i.test(error.message) ? "：" + error.message : "";
      say(status.getAttribute("data-failed") + reason, true);
      return false;
    });
  }

  // Save now (after any save already under way); resolves true when nothing is left unsaved.
  function save() {
    if (timer) { clearTimeout(timer); timer = null; }
    var before = pending || Promise.resolve(true);
    pending = before.then(function () { return dirty ? post() : !dirty; });
    var mine = pending;
    mine.then(function () { if (pending === mine) { pending = null; } });
    return mine;
  }

  function edited() {
    dirty = true;
    say(status.getAttribute("data-pending"));
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, DELAY);
  }

  form.addEventListener("input", edited);
  form.addEventListener("submit", function () {
    if (timer) { clearTimeout(timer); timer = null; }
    dirty = false;  // the manual save carries the text itself
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-save-first]");
    if (!link || (!dirty && !pending)) { return; }
    event.preventDefault();
    save().then(function (ok) { if (ok) { window.location.href = link.href; } });
  });

  document.addEventListener("submit", function (event) {
    var target = event.target;
    if (target === form || !target.hasAttribute("data-save-first") || (!dirty && !pending)) { return; }
    event.preventDefault();
    save().then(function (ok) { if (ok) { target.submit(); } });
  });

  // 采用建议: with a script the suggestion is put into the text box (still editable) and saved.
  document.querySelectorAll("button[data-accept]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var part = button.getAttribute("data-accept");
      var area = form.querySelector("textarea[name=" + part + "]");
      var source = document.getElementById("suggestion-" + part);
      if (!area || !source) { return; }
      event.preventDefault();
      area.value = source.innerText.trim();
      button.closest("[data-suggestion]").hidden = true;
      edited();
      save();
      area.focus();
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty || pending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
