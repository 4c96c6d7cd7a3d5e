// The service worker: keeps the time page usable offline (wwwroot/js/offline-timer.js queues the timer's
// starts and stops meanwhile). Two caches:
//   assets  the stylesheets, scripts and icons, under their versioned addresses (?v=<content hash>, from
//           asp-append-version), so a new build brings new addresses and never a stale file;
//   pages   the last copy of each organization's time page the signed-in person loaded: their own page
//           and nothing else. Signing out deletes it.
"use strict";

var ASSETS = "timetrack-assets-v1";
var PAGES = "timetrack-pages-v1";
var TIME_PAGE = /^\/[^/]+\/time\/?$/;
var ASSET_PATH = /^\/(css|js|lib|icons)\/|^\/manifest\.webmanifest$/;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("timetrack-") === 0 && name !== ASSETS && name !== PAGES;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// The page names the assets it loaded before this worker controlled it, so they are there offline too.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "cache-assets" && Array.isArray(data.urls)) {
    event.waitUntil(Promise.all(data.urls.map(function (href) {
      var url = new URL(href, self.location.origin);
      if (url.origin !== self.location.origin || !ASSET_PATH.test(url.pathname)) { return null; }
      return caches.open(ASSETS).then(function (cache) {
        return cache.match(url.href).then(function (hit) { return hit || storeAsset(cache, new Request(url.href)); });
      });
    })));
  } else if (data.type === "signed-out") {
    event.waitUntil(caches.delete(PAGES));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }

  if (request.method === "POST" && url.pathname === "/account/logout") {
    // The cached pages are the person's own data: they go before the sign-out is even answered.
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") { return; }

  if (request.mode === "navigate" && TIME_PAGE.test(url.pathname)) {
    event.respondWith(timePage(request, url));
  } else if (request.mode === "navigate" && (url.pathname === "/" || url.pathname === "/organizations")) {
    // Opening the installed app offline lands on the last time page kept.
    event.respondWith(fetch(request).catch(function () { return lastTimePage(); }));
  } else if (ASSET_PATH.test(url.pathname)) {
    event.respondWith(asset(request, url));
  }
});

function pageKey(url) {
  return url.origin + url.pathname.replace(/\/$/, "");
}

// Network first; the last copy, marked as such, when the network is not there.
function timePage(request, url) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { return cache.put(pageKey(url), copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) { return cache.match(pageKey(url)); }).then(function (hit) {
      return hit ? offlineCopy(hit) : Response.error();
    });
  });
}

function lastTimePage() {
  return caches.open(PAGES).then(function (cache) { return cache.keys(); }).then(function (keys) {
    return keys.length > 0 ? Response.redirect(keys[keys.length - 1].url, 302) : Response.error();
  });
}

// The copy says it is one (offline-timer.js shows the offline banner for it).
function offlineCopy(response) {
  return response.text().then(function (html) {
    // Its own headers (the security policy among them), less a length that no longer fits.
    var headers = new Headers(response.headers);
    headers.delete("Content-Length");
    return new Response(html.replace(/<html\b/, "<html data-offline-copy"), { status: 200, headers: headers });
  });
}

// Versioned addresses never change content: cache first. Others: the network, the cache when offline.
function asset(request, url) {
  return caches.open(ASSETS).then(function (cache) {
    if (url.searchParams.has("v")) {
      return cache.match(request).then(function (hit) { return hit || storeAsset(cache, request); });
    }
    return storeAsset(cache, request).catch(function () {
      return cache.match(request).then(function (hit) { return hit || Response.error(); });
    });
  });
}

function storeAsset(cache, request) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      var url = new URL(request.url);
      // Older versions of the same file are dropped as the new one arrives.
      cache.keys().then(function (keys) {
        keys.forEach(function (key) {
          var old = new URL(key.url);
          if (old.pathname === url.pathname && old.search !== url.search) { cache.delete(key); }
        });
      });
      cache.put(request, copy);
    }
    return response;
  });
}
