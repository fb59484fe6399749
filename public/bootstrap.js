// Loads the wasm app. Kept out of index.html so the Content-Security-Policy can forbid inline scripts.
import init from './pkg/app.js';

init().catch((error) => {
  const notice = document.getElementById('loading');
  if (notice) {
    notice.textContent = 'Pediatriage could not start in this browser. / Pediatriage n\u2019a pas pu démarrer dans ce navigateur.';
    notice.classList.add('load-error');
  }
  console.error(error);
});
