fetch("/data.json")
  .then((r) => r.json())
  .then((d) => {
    document.getElementById("status").textContent = d.message + " (" + d.files + " files)";
  });
