// Getting a mentor's attention when a request arrives: a vibration, a short chime made with
// WebAudio (no sound file to download) and a flashing tab title until the page is looked at.

let audio = null;
let flashTimer = null;
const baseTitle = document.title;

/** Browsers only let a page make sound after a tap: call this from the first one. */
export function unlockSound() {
  if (audio) return;
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  audio = new Context();
  audio.resume?.();
}

function chime() {
  if (!audio) return;
  const now = audio.currentTime;
  // Two short rising tones: noticeable in a noisy room, not alarming.
  [880, 1320].forEach((freq, i) => {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = freq;
    osc.type = "sine";
    gain.gain.setValueAtTime(0.0001, now + i * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.3, now + i * 0.18 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.16);
    osc.connect(gain).connect(audio.destination);
    osc.start(now + i * 0.18);
    osc.stop(now + i * 0.18 + 0.17);
  });
}

function flashTitle(text) {
  if (flashTimer) clearInterval(flashTimer);
  let on = false;
  flashTimer = setInterval(() => {
    on = !on;
    document.title = on ? `● ${text}` : baseTitle;
  }, 700);
  const stop = () => {
    if (document.visibilityState !== "visible") return;
    clearInterval(flashTimer);
    flashTimer = null;
    document.title = baseTitle;
    document.removeEventListener("visibilitychange", stop);
  };
  // Keep flashing while the tab is in the background; stop once the mentor looks.
  setTimeout(stop, 5000);
  document.addEventListener("visibilitychange", stop);
}

/** Tell the mentor: vibrate, chime, flash the title. Returns what was tried, for tests. */
export function alertMentor(text) {
  const done = [];
  if (navigator.vibrate?.([200, 100, 200])) done.push("vibrate");
  if (audio) {
    chime();
    done.push("sound");
  }
  flashTitle(text);
  done.push("title");
  document.body.dataset.lastAlert = String(Date.now());
  return done;
}
