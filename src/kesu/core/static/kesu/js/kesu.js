// kesu behaviours. No inline scripts anywhere (strict CSP): every behaviour is wired here
// by event delegation on data- attributes, so htmx-swapped content works without re-binding.
(function () {
  "use strict";

  // <form data-confirm="…">: ask before submitting (also before an htmx request).
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    // <button data-copy="#selector">: copy that element's text to the clipboard.
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var source = document.querySelector(copy.getAttribute("data-copy"));
      if (!source) return;
      var text = source.textContent.trim();
      var done = function () {
        var original = copy.textContent;
        copy.textContent = copy.getAttribute("data-copied-text") || "OK";
        window.setTimeout(function () { copy.textContent = original; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done);
      } else {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (document.execCommand("copy")) done();
      }
      return;
    }

    // <button data-toggle="#id">: show/hide a block (the phone menu).
    var toggle = event.target.closest("[data-toggle]");
    if (toggle) {
      var target = document.querySelector(toggle.getAttribute("data-toggle"));
      if (!target) return;
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      target.classList.toggle("open", !open);
      return;
    }

    // Tree twisty: the first click loads children through htmx ("click once");
    // every click opens or closes the subtree that follows the row.
    var twisty = event.target.closest("[data-tree-toggle]");
    if (twisty) {
      var node = twisty.closest(".node");
      var subtree = node && node.querySelector(":scope > .subtree");
      if (!subtree) return;
      var expanded = twisty.getAttribute("aria-expanded") === "true";
      twisty.setAttribute("aria-expanded", String(!expanded));
      subtree.hidden = expanded;
    }
  });

  // Show a loading state on the element htmx is updating.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target) target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var target = event.detail.target;
    if (target) target.removeAttribute("aria-busy");
  });
  // A failed htmx request (403, 404, 500) should not fail silently.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var message = document.documentElement.getAttribute("data-error-text") || "操作失败";
    window.alert(message + (status ? "（" + status + "）" : ""));
  });
})();
