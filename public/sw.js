// Offline support: precaches the built app (the list comes from precache-manifest.json, written
// by the build) and serves it when the network is gone. Models are cached by WebLLM itself.
// Hand-written rather than Workbox: workbox-build pulls in rollup, whose platform packages the
// npm registry here cannot fully resolve, which breaks `npm ci`.
const PREFIX = 'scalequest-static-';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch('precache-manifest.json', { cache: 'no-store' });
      const { version, files } = await response.json();
      const cache = await caches.open(PREFIX + version);
      await cache.addAll(files);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // caches.keys() lists caches in creation order: the last one is this version's.
      const ours = (await caches.keys()).filter((name) => name.startsWith(PREFIX));
      await Promise.all(ours.slice(0, -1).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      if (request.mode === 'navigate') {
        // Fresh page when online; the cached app shell when not.
        try {
          return await fetch(request);
        } catch {
          const shell = await caches.match('index.html', { ignoreVary: true });
          return shell ?? Response.error();
        }
      }
      // ignoreVary: servers answer with `Vary: Origin`, and module scripts carry an Origin header
      // that the precache requests did not.
      return (await caches.match(request, { ignoreVary: true })) ?? fetch(request);
    })(),
  );
});
