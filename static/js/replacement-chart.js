// The replacement schedule's timeline: budget per year (bars) and the number of replacements (line).
(() => {
  const source = document.getElementById("replacement-chart-data");
  const canvas = document.getElementById("replacement-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const chart = JSON.parse(source.textContent);
  const colours = chart.labels.map((year) => (year < chart.current_year ? "#dc3545" : "#0d6efd"));
  new Chart(canvas, {
    data: {
      labels: chart.labels,
      datasets: [
        { type: "bar", label: "Budget", data: chart.budget, backgroundColor: colours, yAxisID: "budget" },
        { type: "line", label: "Replacements", data: chart.replacements, borderColor: "#6c757d", backgroundColor: "#6c757d", yAxisID: "count", pointRadius: 3 },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        budget: { position: "left", beginAtZero: true, title: { display: true, text: "Budget" } },
        count: { position: "right", beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: "Replacements" } },
      },
      plugins: { legend: { labels: { boxWidth: 12 } } },
    },
  });
})();
