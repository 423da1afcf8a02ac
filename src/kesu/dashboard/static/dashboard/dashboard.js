// Draws each dashboard panel with ECharts from its data-chart attribute; the table under it
// stays the accessible view (and the only one when ECharts cannot run). Clicking a point
// opens the evidence list behind it.
(function () {
  "use strict";

  function option(spec) {
    var base = { tooltip: { trigger: spec.kind === "pie" ? "item" : "axis" }, legend: { top: 0 } };
    if (spec.kind === "pie") {
      var s = spec.series[0];
      base.series = [{
        name: s.name, type: "pie", radius: ["35%", "65%"], top: 30,
        data: spec.labels.map(function (label, i) { return { name: label, value: s.data[i] }; })
      }];
      return base;
    }
    base.grid = { left: 48, right: 16, top: 40, bottom: 40, containLabel: true };
    base.xAxis = { type: "category", data: spec.labels, axisLabel: { interval: 0, rotate: spec.labels.length > 8 ? 30 : 0 } };
    base.yAxis = { type: "value" };
    base.series = spec.series.map(function (s) {
      return { name: s.name, type: spec.kind, data: s.data, smooth: false };
    });
    return base;
  }

  function draw(panel) {
    var el = panel.querySelector("[data-chart]");
    if (!el || typeof window.echarts === "undefined") { return; }
    var spec = JSON.parse(el.getAttribute("data-chart"));
    if (!spec.labels.length) { return; }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    chart.on("click", function (params) {
      var series = spec.series[params.seriesIndex || 0];
      var url = series && series.urls[params.dataIndex];
      if (url) { window.location.href = url; }
    });
    window.addEventListener("resize", function () { chart.resize(); });
    panel.classList.add("has-chart");
    var toggle = panel.querySelector("[data-view-toggle]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var table = panel.classList.toggle("show-table");
        toggle.setAttribute("aria-pressed", table ? "true" : "false");
        toggle.textContent = table ? "图表视图" : "表格视图";
        if (!table) { chart.resize(); }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-panel]").forEach(draw);
  });
})();
