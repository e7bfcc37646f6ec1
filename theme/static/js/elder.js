// 长辈版: remembers the reader's choice. The toggle is a plain link into the elder/ mirror (written
// by hubtools/elder_mirror.py), which works without this script; the script only remembers the
// choice, so a reader who comes back through a standard address is sent to the elder page.
// Sending them to the mirror (instead of adding the class here) means every later page arrives
// in elder mode from the HTML itself: no restyling flash on each page. Deferred: never blocks.
(function () {
  "use strict";
  var KEY = "hub-elder";
  var root = document.documentElement;
  var toggle = document.querySelector("[data-elder-toggle]");
  if (!toggle) return;

  function saved() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }  // storage may be blocked
  }
  function save(on) {
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* the links still work */ }
  }

  if (root.classList.contains("elder")) {  // a mirror page
    save(true);
    toggle.addEventListener("click", function () { save(false); });
    return;
  }
  toggle.addEventListener("click", function () { save(true); });
  if (saved() === "1") {
    if (toggle.hasAttribute("data-elder-mirror")) {
      location.replace(toggle.href.split("#")[0] + location.search + location.hash);
    } else {
      root.classList.add("elder");  // no mirror of this page (404): switch it in place
    }
  }
})();
