// The phone pages' service worker (served as /sw.js; registered by core/page.js where the page
// is a secure context: HTTPS, or the laptop itself). Network first, so a phone online always
// gets the current page and code; when the network fails or is slower than TIMEOUT_MS, the last
// copy it had answers, and the page then draws the phone's last kept state (core/live.js).
const CACHE = "hackkit-phone-v1";
const TIMEOUT_MS = 4000;
const KEPT = [
  /^\/e\/[^/]+(\/(team|ideas|help|vote|badges|survey|mentor))?\/?$/,
  /^\/j\//,
  /^\/static\//,
  /^\/vendor\//,
];

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// A page asks to keep itself and what it loaded (core/page.js): the first visit, which the worker
// did not yet see, can then be reloaded with no network too.
self.addEventListener("message", (event) => {
  const urls = (event.data?.keep || []).filter((u) => {
    const url = new URL(u, self.location.origin);
    return url.origin === self.location.origin && KEPT.some((p) => p.test(url.pathname));
  });
  if (urls.length) event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(urls)));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!KEPT.some((pattern) => pattern.test(url.pathname))) return;
  event.respondWith(networkFirst(event.request));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  // A page is kept under its path: "?welcome=1" and the like change nothing that is kept.
  const match = { ignoreVary: true, ignoreSearch: request.mode === "navigate" };
  const fromNetwork = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  const late = new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS, null));
  try {
    const first = await Promise.race([fromNetwork, late]);
    if (first) return first;
    return (await cache.match(request, match)) || (await fromNetwork);
  } catch {
    const kept = await cache.match(request, match);
    if (kept) return kept;
    throw new Error("offline, and this page was never kept");
  }
}
