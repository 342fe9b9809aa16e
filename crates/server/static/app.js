// Press Check class server: the pages work without this file; with it, forms answer without a full reload and the trainer's roster updates live.
(function () {
  "use strict";

  // Forms marked data-live post in the background and the page's <main> is replaced by the answer.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-live]")) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    var body = new URLSearchParams(new FormData(form, submitter));
    fetch(form.action, { method: "POST", body: body, headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (response) { return response.text().then(function (html) { return { response: response, html: html }; }); })
      .then(function (r) {
        var page = new DOMParser().parseFromString(r.html, "text/html");
        var main = page.querySelector("main");
        if (!main) { location.reload(); return; }
        document.querySelector("main").replaceWith(main);
        document.title = page.title;
        if (r.response.url && r.response.url !== location.href) { history.pushState({}, "", r.response.url); }
        var focus = main.querySelector("[autofocus], .banner, h1");
        if (focus) { if (!focus.hasAttribute("tabindex")) { focus.setAttribute("tabindex", "-1"); } focus.focus(); }
      })
      .catch(function () { form.submit(); });
  });

  window.addEventListener("popstate", function () { location.reload(); });

  // An element with data-events="URL" is replaced by each event's HTML.
  document.querySelectorAll("[data-events]").forEach(function (target) {
    if (!window.EventSource) { return; }
    var source = new EventSource(target.getAttribute("data-events"));
    source.addEventListener("roster", function (event) { target.innerHTML = event.data; });
    var stale = document.querySelector("meta[http-equiv=refresh]");
    if (stale) { stale.remove(); }
  });

  // The careful choice is revealed on the projector with a click, without a reload.
  document.querySelectorAll("[data-reveal]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      document.querySelectorAll(".careful[hidden]").forEach(function (el) { el.hidden = false; });
      button.hidden = true;
    });
  });
})();
