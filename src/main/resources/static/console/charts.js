// The console's charts: every element with a data-chart attribute (written by ConsoleController.chart)
// becomes a uPlot chart of the last hours, per minute: delivered and given-up items as bars, waiting
// items as a line, a time axis in the relay's zone, and a legend that shows the values under the pointer.
(function () {
  "use strict";

  function zoned(zone) {
    try {
      uPlot.tzDate(new Date(0), zone);
      return function (seconds) { return uPlot.tzDate(new Date(seconds * 1e3), zone); };
    } catch (unknownZone) {
      return function (seconds) { return uPlot.tzDate(new Date(seconds * 1e3), "UTC"); };
    }
  }

  function draw(element) {
    var data = JSON.parse(element.getAttribute("data-chart"));
    var minutes = data.delivered.length;
    var ends = new Array(minutes);
    for (var i = 0; i < minutes; i++) {
      ends[i] = data.since + data.step * (i + 1);
    }
    var compact = element.classList.contains("compact");
    var at = zoned(data.zone);
    var hourMinute = uPlot.fmtDate("{HH}:{mm}");
    var full = uPlot.fmtDate("{YYYY}-{MM}-{DD} {HH}:{mm}");
    var bars = uPlot.paths.bars({ size: [0.9, 6] });
    var count = function (u, v) { return v == null ? "—" : String(v); };
    var options = {
      width: Math.max(260, element.clientWidth || (compact ? 360 : 900)),
      height: compact ? 120 : 240,
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      legend: { live: true },
      axes: [
        { space: compact ? 70 : 80, values: function (u, seconds) { return seconds.map(function (s) { return hourMinute(at(s)); }); } },
        { label: "items", labelSize: 18, size: 42, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 50000, 100000],
          values: function (u, v) { return v.map(function (n) { return String(n); }); } }
      ],
      series: [
        { label: "Minute (" + data.zone + ")", value: function (u, s) { return s == null ? "—" : full(at(s)); } },
        { label: "Delivered / min", stroke: "#2e7d32", fill: "rgba(46,125,50,0.45)", paths: bars, points: { show: false }, value: count },
        { label: "Waiting", stroke: "#1849a9", width: 2, points: { show: false }, value: count },
        { label: "Given up / min", stroke: "#b42318", fill: "rgba(180,35,24,0.6)", paths: bars, points: { show: false }, value: count }
      ]
    };
    new uPlot(options, [ends, data.delivered, data.waiting, data.dead], element);
  }

  // A bar per category (data-bars: {labels, values}): the category under the pointer and its count in the legend.
  function drawBars(element) {
    var data = JSON.parse(element.getAttribute("data-bars"));
    var xs = data.labels.map(function (label, i) { return i; });
    var options = {
      width: Math.max(260, element.clientWidth || 900),
      height: 260,
      scales: { x: { time: false, range: function () { return [-0.5, Math.max(0.5, xs.length - 0.5)]; } },
                y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      axes: [
        { splits: function () { return xs; }, values: function (u, v) { return v.map(function (i) { return data.labels[i] || ""; }); },
          gap: 6, size: 50 },
        { label: "units", labelSize: 18, size: 42, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000],
          values: function (u, v) { return v.map(function (n) { return String(n); }); } }
      ],
      series: [
        { label: "Reason", value: function (u, i) { return i == null ? "—" : data.labels[i]; } },
        { label: "Units returned", stroke: "#1849a9", fill: "rgba(24,73,169,0.55)", paths: uPlot.paths.bars({ size: [0.6, 80] }),
          points: { show: false }, value: function (u, v) { return v == null ? "—" : String(v); } }
      ]
    };
    new uPlot(options, [xs, data.values], element);
  }

  function drawAll() {
    var charts = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < charts.length; i++) {
      draw(charts[i]);
    }
    var bars = document.querySelectorAll("[data-bars]");
    for (var j = 0; j < bars.length; j++) {
      drawBars(bars[j]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
