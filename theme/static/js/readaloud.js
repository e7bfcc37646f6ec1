// 朗读: reads the page's main text aloud with the browser's own speech synthesis (zh-CN).
// The controls are created here, so browsers without speechSynthesis never see a dead button.
// Pages opt in by marking their text element with data-readaloud (articles, routes, events).
(function () {
  "use strict";
  var body = document.querySelector("[data-readaloud]");
  var synth = window.speechSynthesis;
  if (!body || !synth || typeof SpeechSynthesisUtterance !== "function") return;

  var BLOCKS = "p, li, h2, h3, h4, dt, dd, td, th";
  // One utterance per paragraph: Chromium stops long utterances after about 15 seconds.
  function chunks() {
    var heading = document.querySelector("h1");
    var parts = heading ? [heading.textContent] : [];
    body.querySelectorAll(BLOCKS).forEach(function (el) {
      // Read the innermost blocks only, so a list item holding a paragraph is not read twice.
      if (el.querySelector(BLOCKS) || el.closest(".readaloud, [aria-hidden=true], svg")) return;
      var text = el.textContent.replace(/\s+/g, " ").trim();
      if (text) parts.push(text);
    });
    return parts;
  }

  // Templates reserve the bar's room (partials/readaloud.html) so filling it shifts nothing.
  var bar = document.querySelector("[data-readaloud-bar]");
  if (!bar) {
    bar = document.createElement("div");
    bar.className = "readaloud";
    body.parentNode.insertBefore(bar, body);
  }
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", "朗读");
  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    bar.appendChild(b);
    return b;
  }
  var state = "idle";  // idle | speaking | paused
  var play = button("朗读全文", function () {
    if (state === "paused") { synth.resume(); set("speaking"); return; }
    if (state === "speaking") { synth.pause(); set("paused"); return; }
    synth.cancel();
    var list = chunks();
    var voice = chinese();
    list.forEach(function (text, i) {
      var u = new SpeechSynthesisUtterance(text);
      u.lang = "zh-CN";
      if (voice) u.voice = voice;
      u.rate = 0.9;  // a little slower than default: easier to follow for older listeners
      if (i === list.length - 1) u.onend = function () { set("idle"); };
      synth.speak(u);
    });
    set("speaking");
  });
  var stop = button("停止", function () { synth.cancel(); set("idle"); });

  function set(next) {
    state = next;
    play.textContent = next === "speaking" ? "暂停" : next === "paused" ? "继续朗读" : "朗读全文";
    stop.hidden = next === "idle";
    bar.setAttribute("data-state", next);
  }
  set("idle");

  // A Chinese voice, if the system lists one. Voices load late (voiceschanged); a system that
  // lists voices but none for Chinese would read the page as gibberish: hide the controls there.
  function chinese() {
    var voices = synth.getVoices();
    function first(re) { return voices.filter(function (v) { return re.test(v.lang); })[0]; }
    return first(/^zh[-_]CN/i) || first(/^(zh|cmn)\b/i) || null;
  }
  function checkVoices() {
    bar.hidden = synth.getVoices().length > 0 && !chinese();
  }
  checkVoices();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", checkVoices);
  // Speech must not outlive the page.
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();
