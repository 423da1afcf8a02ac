// Roster import page: refuse wrong file types early and confirm cancellation.
// (No inline scripts: the CSP forbids them; this file is loaded with <script src>.)
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var confirmButton = event.submitter && event.submitter.getAttribute("data-confirm");
    if (confirmButton && !window.confirm(confirmButton)) {
      event.preventDefault();
      return;
    }
    if (!form.hasAttribute("data-import-form")) return;
    var input = form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    if (file && !/\.(xlsx|xls)$/i.test(file.name)) {
      event.preventDefault();
      window.alert("只支持 Excel 文件（.xlsx 或 .xls）");
      return;
    }
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true; // one upload per click
  });
})();
