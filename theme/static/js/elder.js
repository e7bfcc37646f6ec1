// 长辈版 toggle. Without this script the toggle is a link into the elder/ mirror (see
// hubtools/elder_mirror.py); with it, one tap switches the current page in place and the choice
// is remembered for every page. Deferred, so the page never waits for it.
(function () {
  "use strict";
  var KEY = "hub-elder";
  var root = document.documentElement;
  var toggle = document.querySelector("[data-elder-toggle]");
  // The mirror's pages carry the class in their HTML: there the URL, not the saved choice, decides.
  var inMirror = root.classList.contains("elder") && !root.hasAttribute("data-elder-js");

  function saved() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }  // storage may be blocked
  }
  function save(on) {
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* the switch still works for this page */ }
  }

  if (inMirror) {
    save(true);
    // Leaving the mirror through “标准版” is a real link; remember the choice before it navigates.
    if (toggle) toggle.addEventListener("click", function () { save(false); });
    return;
  }
  function apply(on) {
    root.classList.toggle("elder", on);
    root.toggleAttribute("data-elder-js", on);
    // The label names the version the tap leads to, as the no-JavaScript links do; so no
    // aria-pressed (a toggle's label must not change with its state).
    if (toggle) toggle.textContent = on ? "标准版" : "长辈版";
  }
  if (toggle) {
    // A toggle button now, not a navigation: say so to assistive technology; Space must work too.
    toggle.setAttribute("role", "button");
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var on = !root.classList.contains("elder");
      apply(on);
      save(on);
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); toggle.click(); }
    });
  }
  apply(saved() === "1");
})();
