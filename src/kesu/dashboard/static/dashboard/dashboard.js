// Draws each dashboard panel with ECharts from its data-chart attribute; the table under it
// stays the accessible view (and the only one when ECharts cannot run). Clicking a point
// opens the evidence list behind it.
(function () {
  "use strict";

  var NARROW = 520; // px of chart width under which labels move into a wrapping legend
  var grouped = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });
  function number(value) { return typeof value === "number" ? grouped.format(value) : value; }

  function pie(spec, narrow) {
    var s = spec.series[0];
    return {
      tooltip: { trigger: "item", valueFormatter: number },
      // On a phone the names go into a legend that wraps under the ring, never cut short.
      legend: narrow ? { bottom: 0, left: "center", type: "plain", itemGap: 8,
                         textStyle: { width: 140, overflow: "break" } } : { show: false },
      series: [{
        name: s.name, type: "pie", radius: narrow ? ["28%", "52%"] : ["35%", "65%"],
        center: narrow ? ["50%", "34%"] : ["50%", "55%"],
        label: narrow ? { show: false } : { formatter: "{b}：{d}%", width: 120, overflow: "break" },
        labelLine: { show: !narrow },
        data: spec.labels.map(function (label, i) { return { name: label, value: s.data[i] }; })
      }]
    };
  }

  function cartesian(spec, narrow) {
    // Each unit gets its own value axis (左：场，右：人次): a small count is never drawn flat
    // against a large one.
    var units = [];
    spec.series.forEach(function (s) { if (units.indexOf(s.unit) < 0) { units.push(s.unit); } });
    return {
      tooltip: { trigger: "axis", valueFormatter: number },
      legend: { top: 0, type: "plain" },
      grid: { left: 8, right: 8, top: narrow ? 64 : 48, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: spec.labels,
               axisLabel: { interval: narrow ? "auto" : 0, rotate: spec.labels.length > 8 ? 30 : 0 } },
      yAxis: units.map(function (unit, i) {
        return { type: "value", name: unit, position: i % 2 ? "right" : "left",
                 offset: i > 1 ? 48 * Math.floor(i / 2) : 0, splitLine: { show: i === 0 },
                 axisLabel: { formatter: number } };
      }),
      series: spec.series.map(function (s) {
        return { name: s.name, type: spec.kind, data: s.data, smooth: false,
                 yAxisIndex: units.indexOf(s.unit) };
      })
    };
  }

  function option(spec, width) {
    var narrow = width < NARROW;
    return spec.kind === "pie" ? pie(spec, narrow) : cartesian(spec, narrow);
  }

  function draw(panel) {
    var el = panel.querySelector("[data-chart]");
    if (!el || typeof window.echarts === "undefined") { return; }
    var spec = JSON.parse(el.getAttribute("data-chart"));
    if (!spec.labels.length) { return; }
    if (spec.kind === "pie" && el.clientWidth < NARROW) {
      el.style.height = Math.max(320, 240 + 24 * Math.ceil(spec.labels.length / 2)) + "px";
    }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    var width = el.clientWidth;
    chart.setOption(option(spec, width));
    chart.on("click", function (params) {
      var series = spec.series[params.seriesIndex || 0];
      var url = series && series.urls[params.dataIndex];
      if (url) { window.location.href = url; }
    });
    window.addEventListener("resize", function () {
      if ((el.clientWidth < NARROW) !== (width < NARROW)) {
        width = el.clientWidth;
        chart.setOption(option(spec, width), true);
      }
      chart.resize();
    });
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
