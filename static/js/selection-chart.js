// A vendor selection's candidates: weighted total (bars, 0 to 100) and five-year cost of ownership (line).
(() => {
  const source = document.getElementById("selection-chart-data");
  const canvas = document.getElementById("selection-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const chart = JSON.parse(source.textContent);
  new Chart(canvas, {
    data: {
      labels: chart.labels,
      datasets: [
        { type: "bar", label: "Weighted total", data: chart.totals, backgroundColor: "#0d6efd", yAxisID: "score" },
        { type: "line", label: "Five-year cost", data: chart.costs, borderColor: "#fd7e14", backgroundColor: "#fd7e14", yAxisID: "cost", pointRadius: 4, showLine: false },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        score: { position: "left", min: 0, max: 100, title: { display: true, text: "Weighted total" } },
        cost: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: "Five-year cost" } },
      },
      plugins: { legend: { labels: { boxWidth: 12 } } },
    },
  });
})();
