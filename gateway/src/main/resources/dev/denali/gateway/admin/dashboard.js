// The kernel's dashboard: reads the admin API once a second with the token it was given in the
// address's fragment (#token=..., which browsers never send to a server), kept for this tab in
// sessionStorage. Everything is written with textContent: nothing a guest or a client controls
// is ever parsed as HTML.
"use strict";
(function () {
  const fromUrl = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromUrl) {
    sessionStorage.setItem("denali-token", fromUrl);
    history.replaceState(null, "", location.pathname); // the token leaves the address bar
  }
  const token = sessionStorage.getItem("denali-token");
  const status = document.getElementById("status");
  let last = null; // the previous answers' request counts and time, for rates

  function get(path) {
    return fetch(path, { headers: { "Authorization": "Bearer " + token }, cache: "no-store" })
      .then(r => r.ok ? r.json() : r.json().then(e => { throw new Error(e.error || r.status); }));
  }

  function bytes(n) {
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
  }

  function row(tbody, cells) {
    const tr = document.createElement("tr");
    for (const c of cells) {
      const td = document.createElement("td");
      td.textContent = c;
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }

  function kernel(stats) {
    const k = document.getElementById("kernel");
    k.replaceChildren();
    const states = Object.entries(stats.byState).map(([s, n]) => n + " " + s).join(", ");
    for (const text of ["VMs " + stats.vms + (states ? " (" + states + ")" : ""),
        "resident " + bytes(stats.residentBytes),
        "hibernated " + bytes(stats.hibernatedBytes),
        "run queue " + stats.runnable,
        "quanta " + stats.quanta,
        "wake-up p50/p99 " + stats.wakeLatencyMicrosP50 + "/" + stats.wakeLatencyMicrosP99 + " us",
        "connections " + stats.gateway.connections_active + " open"]) {
      const span = document.createElement("span");
      span.textContent = text;
      k.appendChild(span);
    }
  }

  const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];
  const HISTORY = 120; // seconds of the chart
  const rates = {}; // service -> [req/s, ...], the newest last

  function services(list, now) {
    const tbody = document.querySelector("#services tbody");
    tbody.replaceChildren();
    const counts = {};
    const cpu = {};
    for (const s of list) {
      const r = s.responses;
      const answered = r["1xx"] + r["2xx"] + r["3xx"] + r["4xx"] + r["5xx"];
      counts[s.name] = answered;
      cpu[s.name] = s.cpuNanos;
      const seconds = last ? (now - last.time) / 1000 : 0;
      const before = last ? last.counts[s.name] : undefined;
      const rate = before === undefined ? null : (answered - before) / seconds;
      const cpuBefore = last ? last.cpu[s.name] : undefined;
      const share = cpuBefore === undefined ? "" :
        (100 * (s.cpuNanos - cpuBefore) / 1e9 / seconds).toFixed(1);
      if (rate !== null) {
        (rates[s.name] = rates[s.name] || []).push(rate);
        if (rates[s.name].length > HISTORY) rates[s.name].shift();
      }
      row(tbody, [s.name, s.vms.length, rate === null ? "" : rate.toFixed(1),
        (s.latencyP50Micros / 1000).toFixed(2), (s.latencyP99Micros / 1000).toFixed(2), share,
        r["2xx"], r["4xx"], r["5xx"], s.inFlight, s.queued, s.activeConnections,
        bytes(s.bytesIn), bytes(s.bytesOut)]);
    }
    last = { counts: counts, cpu: cpu, time: now };
    chart(list.map(s => s.name).filter(n => rates[n]).slice(0, COLORS.length));
  }

  /** One line per service (the first six), the last two minutes of requests per second. */
  function chart(names) {
    const canvas = document.getElementById("chart");
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, canvas.width, canvas.height);
    let top = 1;
    for (const n of names) top = Math.max(top, ...rates[n]);
    g.fillStyle = "#666";
    g.font = "11px sans-serif";
    g.fillText(top.toFixed(0) + " req/s", 4, 12);
    const legend = document.getElementById("legend");
    legend.replaceChildren();
    names.forEach((n, k) => {
      const h = rates[n];
      g.strokeStyle = COLORS[k];
      g.lineWidth = 1.5;
      g.beginPath();
      h.forEach((v, i) => {
        const x = canvas.width * (HISTORY - h.length + i) / (HISTORY - 1);
        const y = canvas.height - 2 - (canvas.height - 18) * v / top;
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
      const item = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = COLORS[k];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(n));
      legend.appendChild(item);
    });
  }

  function vms(list, total) {
    const tbody = document.querySelector("#vms tbody");
    tbody.replaceChildren();
    for (const v of list) {
      row(tbody, [v.id, v.binary, v.state, v.retired.toLocaleString("en"),
        (v.cpuNanos / 1e9).toFixed(2), v.hibernatedBytes > 0 ? "disk" : bytes(v.residentBytes),
        v.restarts, v.fault || ""]);
    }
    document.getElementById("vmcount").textContent =
      total > list.length ? "(the first " + list.length + " of " + total + ")" : "";
  }

  function refresh() {
    if (!token) {
      status.textContent = "no admin token: open the address `denali admin dashboard` prints";
      status.className = "error";
      return;
    }
    Promise.all([get("/stats"), get("/services"), get("/vms?limit=50")])
      .then(([stats, list, vmList]) => {
        const now = Date.now();
        kernel(stats);
        services(list, now);
        vms(vmList, stats.vms);
        status.textContent = "updated " + new Date(now).toLocaleTimeString("en-GB");
        status.className = "";
      })
      .catch(e => {
        status.textContent = "the admin API did not answer: " + e.message;
        status.className = "error";
      })
      .finally(() => setTimeout(refresh, 1000));
  }
  refresh();
})();
