// KPI trend charts: our measurement, the vendor's report (where there is one) and the target.
(() => {
  const source = document.getElementById("kpi-charts-data");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);
  document.querySelectorAll("canvas[data-kpi-chart]").forEach((canvas) => {
    const chart = charts[Number(canvas.dataset.kpiChart)];
    const datasets = [
      { label: "Measured", data: chart.measured, borderColor: "#0d6efd", backgroundColor: "#0d6efd", spanGaps: true, pointRadius: 2 },
    ];
    if (chart.reported.some((value) => value !== null)) {
      datasets.push({ label: "Vendor reported", data: chart.reported, borderColor: "#fd7e14", backgroundColor: "#fd7e14", borderDash: [4, 3], spanGaps: true, pointRadius: 2 });
    }
    if (chart.target !== null) {
      datasets.push({ label: "Target", data: chart.labels.map(() => chart.target), borderColor: "#dc3545", borderWidth: 1, pointRadius: 0 });
    }
    new Chart(canvas, {
      type: "line",
      data: { labels: chart.labels, datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { title: { display: true, text: chart.unit } } },
        plugins: { legend: { labels: { boxWidth: 12 } } },
      },
    });
  });
})();
