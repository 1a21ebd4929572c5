// The staff console's only script (served by server/operator.py; the page's CSP allows no other).
// It listens to the server-sent events of /operator/events, puts the server-rendered (escaped)
// help-call list into the page, and sounds a chime for a call nobody has acknowledged yet.
// Without it the page still works: plain forms, and a reload shows the calls.
"use strict";

(function () {
  var list = document.getElementById("help-calls");
  if (!list) return;
  var live = document.getElementById("live");
  var soundButton = document.getElementById("sound");
  var audio = null; // created on the first click: browsers allow sound only after a gesture
  var heard = {};
  var baseTitle = document.title;

  document.querySelectorAll("#help-calls [data-call]").forEach(function (el) {
    heard[el.getAttribute("data-call")] = true; // already on the page when it loaded
  });

  function chime() {
    if (!audio) return;
    var now = audio.currentTime;
    [880, 660, 880].forEach(function (freq, i) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.4, now + i * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.25 + 0.22);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.25);
      osc.stop(now + i * 0.25 + 0.24);
    });
  }

  if (soundButton) {
    soundButton.addEventListener("click", function () {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      audio = audio || new Ctx();
      audio.resume();
      soundButton.textContent = soundButton.getAttribute("data-on");
      soundButton.setAttribute("aria-pressed", "true");
      chime();
    });
  }

  function setLive(on) {
    if (!live) return;
    live.textContent = live.getAttribute(on ? "data-on" : "data-off");
    live.className = on ? "live on" : "live off";
  }

  // How long each caller has waited, ticking here: the server sends the list only when it changes.
  function tick() {
    var now = Date.now();
    list.querySelectorAll("[data-since]").forEach(function (el) {
      var s = Math.max(0, Math.floor((now - Number(el.getAttribute("data-since"))) / 1000));
      var text = s < 120 ? list.getAttribute("data-seconds").replace("{n}", s)
                         : list.getAttribute("data-minutes").replace("{n}", Math.floor(s / 60));
      if (el.textContent !== text) el.textContent = text;
    });
  }
  setInterval(tick, 1000);

  var source = new EventSource("/operator/events");
  source.onopen = function () { setLive(true); };
  source.onerror = function () { setLive(false); };
  source.addEventListener("calls", function (event) {
    var data = JSON.parse(event.data);
    list.innerHTML = data.html; // rendered and escaped by the server (server/console.py)
    var fresh = data["new"].filter(function (id) { return !heard[id]; });
    data["new"].forEach(function (id) { heard[id] = true; });
    document.title = data["new"].length ? "(" + data["new"].length + ") " + baseTitle : baseTitle;
    if (fresh.length) {
      chime();
      fresh.forEach(function (id) {
        var el = list.querySelector('[data-call="' + id.replace(/[^a-z0-9-]/gi, "") + '"]');
        if (el) el.classList.add("arrived");
      });
    }
    setLive(true);
  });
})();
