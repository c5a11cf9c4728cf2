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

  function services(list, now) {
    const tbody = document.querySelector("#services tbody");
    tbody.replaceChildren();
    const counts = {};
    for (const s of list) {
      const r = s.responses;
      const answered = r["1xx"] + r["2xx"] + r["3xx"] + r["4xx"] + r["5xx"];
      counts[s.name] = answered;
      const before = last ? last.counts[s.name] : undefined;
      const rate = before === undefined ? "" :
        ((answered - before) / ((now - last.time) / 1000)).toFixed(1);
      row(tbody, [s.name, s.vms.length, rate, r["2xx"], r["4xx"], r["5xx"], s.inFlight,
        s.queued, s.activeConnections, bytes(s.bytesIn), bytes(s.bytesOut)]);
    }
    last = { counts: counts, time: now };
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
