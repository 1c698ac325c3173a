// lofte web: a little help while typing, never required. The form works without it.
// While the summary or the place is typed, the server's privacy guard (the same as
// `lofte check`) says whether the text looks like personal data.
"use strict";
(function () {
  const form = document.getElementById("log-form");
  if (!form) { return; }
  const fields = ["summary", "place"];
  let timer = null;
  function check() {
    const data = new FormData();
    data.append("csrf", form.elements["csrf"].value);
    for (const name of fields) { data.append(name, form.elements[name].value); }
    if (form.elements["private"].checked) { data.append("private", "1"); }
    fetch("/log/privacy", { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (found) {
        for (const name of fields) {
          const out = document.getElementById(name + "-privacy");
          if (out) { out.textContent = (found[name] || []).join(" "); }
        }
      })
      .catch(function () { /* the check on saving still runs */ });
  }
  for (const name of fields.concat(["private"])) {
    form.elements[name].addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 400);
    });
  }
}());
