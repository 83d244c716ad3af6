// The 12-month uptime chart of an availability page: bars of monthly uptime, a line for the target.
(() => {
  const canvas = document.getElementById("availability-chart");
  const source = document.getElementById("availability-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const rows = JSON.parse(source.textContent);
  const missed = (row) => row.target !== null && row.uptime < row.target;
  const lowest = Math.min(...rows.map((row) => row.uptime), ...rows.map((row) => row.target ?? 100));
  new Chart(canvas, {
    data: {
      labels: rows.map((row) => row.month),
      datasets: [
        {
          type: "bar",
          label: "Uptime %",
          data: rows.map((row) => row.uptime),
          backgroundColor: rows.map((row) => (missed(row) ? "#dc3545" : "#198754")),
        },
        {
          type: "line",
          label: "Target %",
          data: rows.map((row) => row.target),
          borderColor: "#212529",
          borderDash: [6, 4],
          pointRadius: 0,
          stepped: "middle",
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { y: { min: Math.max(0, Math.floor((lowest - 0.2) * 10) / 10), max: 100, ticks: { callback: (v) => `${v} %` } } },
      plugins: {
        tooltip: {
          callbacks: {
            afterBody: (items) => {
              const row = rows[items[0].dataIndex];
              return `Downtime ${row.downtime_minutes} min${missed(row) ? " · below target" : ""}`;
            },
          },
        },
      },
    },
  });
})();
