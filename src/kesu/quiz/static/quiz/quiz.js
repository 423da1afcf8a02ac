/* Quiz question page: autosave on every change, countdown from the server's remaining
   seconds, submit when time is up. ES5 and XMLHttpRequest only (WeChat in-app browser).
   The form works without this file: "保存进度" and "交卷" are plain posts. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var saveUrl = form.getAttribute("data-autosave");
  var status = document.querySelector("[data-save-status]");
  var timer = null, pending = false, submitting = false;

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    pending = false;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", saveUrl, true);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      var data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
      if (xhr.status === 200) { say("已自动保存"); return; }
      say(data.message || "保存失败，请检查网络");
      if (data.redirect) { window.location.href = data.redirect; }
    };
    xhr.onerror = function () { say("网络异常，答案会在交卷时一并提交"); };
    xhr.send(new FormData(form));
  }

  form.addEventListener("change", function () {
    pending = true;
    say("保存中…");
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 250);
  });

  window.addEventListener("pagehide", function () {
    if (pending && !submitting && navigator.sendBeacon) {
      navigator.sendBeacon(saveUrl, new FormData(form));
    }
  });

  // Two taps to hand in (no window.confirm: WeChat shows the site's address on dialogs):
  // the first tap turns the button into "确认交卷" and says how many items are blank.
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter || document.activeElement;
    if (submitter && submitter.hasAttribute("data-save-button")) { return; }
    var button = form.querySelector("[data-submit-button]");
    if (form.getAttribute("data-timeout") !== "1" && button.getAttribute("data-armed") !== "1") {
      event.preventDefault();
      var blank = 0, groups = form.querySelectorAll("[data-question]");
      for (var i = 0; i < groups.length; i++) {
        if (!groups[i].querySelector("input:checked")) { blank++; }
      }
      button.setAttribute("data-armed", "1");
      button.textContent = form.getAttribute("data-arm-text");
      say(blank ? form.getAttribute("data-unanswered").replace("%s", blank) : "");
      return;
    }
    submitting = true;
  });

  var clock = document.querySelector("[data-remaining]");
  if (clock) {
    var end = Date.now() + parseInt(clock.getAttribute("data-remaining"), 10) * 1000;
    var label = clock.querySelector("[data-timer-text]");
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var m = Math.floor(left / 60), s = left % 60;
      label.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      if (left <= 60) { clock.className = "quiz-timer urgent"; }
      if (left <= 0) {
        form.setAttribute("data-timeout", "1");
        submitting = true;
        form.submit();
        return;
      }
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
