// Roster import page: refuse wrong file types before uploading and allow one upload per click.
// (Confirmation prompts are handled site-wide by kesu.js through data-confirm.)
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-import-form") || event.defaultPrevented) return;
    var input = form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    if (file && !/\.(xlsx|xls)$/i.test(file.name)) {
      event.preventDefault();
      window.alert("只支持 Excel 文件（.xlsx 或 .xls）");
      return;
    }
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
  });
})();
