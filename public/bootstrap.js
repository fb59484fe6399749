// Loads the wasm app. Kept out of index.html so the Content-Security-Policy can forbid inline scripts.
import init from './pkg/app.js';

init().then(registerServiceWorker, (error) => {
  const notice = document.getElementById('loading');
  if (notice) {
    notice.textContent = 'Pediatriage could not start in this browser. / Pediatriage n\u2019a pas pu démarrer dans ce navigateur. / Pediatriage konnte in diesem Browser nicht starten.';
    notice.classList.add('load-error');
  }
  console.error(error);
});

// The service worker (sw.js, written by scripts/make-sw.py) keeps the whole build on the device
// so the app opens offline after one visit. Registered once the app runs, so it never competes
// with the first load. updateViaCache 'none': update checks always fetch sw.js from the server,
// never from the HTTP cache. A new version waits until every page of the old one is closed.
function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js', { scope: './', updateViaCache: 'none' }).catch((error) => {
    // The app works without it, only not offline.
    console.error('Pediatriage: offline use is not available (service worker not registered):', error);
  });
}
