// Question form: hide the option fields for 判断 (its options are always 正确/错误).
(function () {
  "use strict";
  function sync(form) {
    var type = form.querySelector("[name=type]");
    if (!type) return;
    form.classList.toggle("is-judge", type.value === "judge");
    form.querySelectorAll("[name^=option_]").forEach(function (input) {
      var field = input.closest(".field");
      if (field) field.classList.add("option-field");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-question-form]").forEach(function (form) {
      sync(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "type") sync(form);
      });
    });
  });
})();
