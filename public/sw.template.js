// Pediatriage service worker: the app works offline after one visit.
// dist/sw.js is written by scripts/make-sw.py from public/sw.template.js at the end of
// scripts/build-web.sh, with the build's version and asset list filled in; the template
// itself is not shipped.
//
// - install: fetches every file of the build (each checked against its SHA-256, so a server
//   caught half-way through a deploy cannot leave a mixed build in the cache) into a cache
//   named after a hash of the whole build: a new build is a new cache.
// - fetch: the build's own files come from that cache (cache-first); anything else is left to
//   the browser. The worker never makes a request to another origin.
// - activate: deletes the caches of older builds.
// - no skipWaiting() and no clients.claim() on update: a new version waits until every page of
//   the old one is closed and is taken on the next visit, so it never swaps the code under a
//   form being filled in.
'use strict';

const VERSION = '__PEDIATRIAGE_VERSION__';
const PREFIX = 'pediatriage-';
const CACHE = PREFIX + VERSION;
// [{ url, integrity }], urls relative to this script (the scope).
const ASSETS = __PEDIATRIAGE_ASSETS__;

const scope = new URL('./', self.location.href);
const precached = new Set(ASSETS.map((asset) => new URL(asset.url, scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(ASSETS.map(async ({ url, integrity }) => {
      // cache: 'reload' skips the HTTP cache; integrity makes fetch reject other bytes.
      const response = await fetch(new Request(new URL(url, scope), {
        cache: 'reload', integrity, credentials: 'same-origin', redirect: 'error',
      }));
      if (!response.ok) throw new Error(`precache ${url}: HTTP ${response.status}`);
      await cache.put(new URL(url, scope), response);
    }));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const older = (await caches.keys()).filter((key) => key.startsWith(PREFIX) && key !== CACHE);
    await Promise.all(older.map((key) => caches.delete(key)));
    // First install only (no older build's cache on this origin): take control of the page
    // that registered the worker, so that the very first visit already works offline after a
    // reload. Safe because nothing is swapped: that page was loaded from the network before
    // any worker existed, has fetched its whole build already (the app loads everything at
    // start and fetches nothing afterwards), and from now on only its future requests
    // (a reload) are answered from this cache. On an update (an older cache exists) the
    // worker does not claim: open pages keep the version they started with.
    if (older.length === 0) await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Other origins: not handled, so the browser (and its CSP) deals with them, never the worker.
  if (url.origin !== scope.origin) return;
  // The query string and fragment do not select a different file of a static build.
  const key = url.origin + url.pathname;
  if (!precached.has(key)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key);
    // A miss means the browser evicted the cache: the same-origin network is the fallback.
    return hit || fetch(request);
  })());
});

// Lets a page (and the end-to-end tests) ask which build a worker holds: post the message
// 'pediatriage-version' with a MessagePort; the version comes back on that port.
self.addEventListener('message', (event) => {
  if (event.data === 'pediatriage-version' && event.ports[0]) {
    event.ports[0].postMessage({ version: VERSION });
  }
});
