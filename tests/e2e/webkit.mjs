// WebKit for the smoke test: Debian's WebKitGTK MiniBrowser driven through WebKitWebDriver
// (W3C WebDriver over HTTP) on a private Xvfb display. Ward tablets are often iPads, whose
// browsers all run WebKit; this is the nearest engine a Debian machine has. The few WebDriver
// calls the test needs are written here: no client library is worth a dependency for them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

export const WEBDRIVER = process.env.WEBKIT_WEBDRIVER || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.WEBKIT_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB = '/usr/bin/Xvfb';
// The W3C key for a WebDriver element reference.
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts Xvfb on a free display; resolves to { display, stop }. */
async function startXvfb() {
  const child = spawn(XVFB, ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const display = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(`:${String(chunk).trim()}`));
    child.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
    setTimeout(() => reject(new Error('Xvfb did not start within 10 s')), 10_000);
  });
  return { display, stop: () => child.kill() };
}

/**
 * Starts Xvfb, WebKitWebDriver and one MiniBrowser session of the given window size. Resolves
 * to a `WebKit` page object; `close()` ends the session and stops both processes.
 */
export async function launchWebKit({ width = 768, height = 1024 } = {}) {
  for (const file of [WEBDRIVER, MINIBROWSER, XVFB]) {
    if (!existsSync(file)) throw new Error(`${file} not found: run scripts/setup.sh`);
  }
  const xvfb = await startXvfb();
  const port = await freePort();
  const driver = spawn(WEBDRIVER, [`--port=${port}`], {
    stdio: 'ignore',
    env: { ...process.env, DISPLAY: xvfb.display },
  });
  const base = `http://127.0.0.1:${port}`;
  const stopAll = () => {
    driver.kill();
    xvfb.stop();
  };
  try {
    for (let i = 0; ; i += 1) {
      try {
        const status = await fetch(`${base}/status`).then((r) => r.json());
        if (status.value?.ready !== false) break;
      } catch (error) {
        if (i > 100) throw new Error(`WebKitWebDriver did not answer: ${error}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const created = await command(base, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    });
    const page = new WebKit(base, created.sessionId, stopAll);
    await page.call("POST", "/window/rect", { width, height });
    return page;
  } catch (error) {
    stopAll();
    throw error;
  }
}

async function command(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok || json.value?.error) {
    throw new Error(`WebDriver ${method} ${path}: ${json.value?.error} ${json.value?.message ?? ''}`);
  }
  return json.value;
}

/** One WebKit window: navigate, find, tap, type, read, run a script, wait. */
export class WebKit {
  constructor(base, session, stop) {
    this.base = base;
    this.session = session;
    this.stop = stop;
  }

  call(method, path, body) {
    return command(this.base, method, `/session/${this.session}${path}`, body);
  }

  goto(url) {
    return this.call('POST', '/url', { url });
  }

  reload() {
    return this.call('POST', '/refresh', {});
  }

  /** Runs `script` (a function body; `arguments` holds `args`) in the page. */
  evaluate(script, ...args) {
    return this.call('POST', '/execute/sync', { script, args });
  }

  /** Waits until `script` returns something truthy in the page; returns it. */
  async waitFor(script, { timeout = 15_000, what = script } = {}, ...args) {
    const end = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(script, ...args).catch(() => null);
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async element(selector) {
    await this.waitFor('return !!document.querySelector(arguments[0])', { what: selector }, selector);
    const found = await this.call('POST', '/element', { using: 'css selector', value: selector });
    return found[ELEMENT];
  }

  /** Scrolls the element to the middle of the window, as a finger scrolls to what it taps. */
  async scrollTo(selector) {
    await this.evaluate("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })", selector);
  }

  async click(selector) {
    const id = await this.element(selector);
    await this.scrollTo(selector);
    await this.call('POST', `/element/${id}/click`, {});
  }

  /** Taps a field and types into it key by key. */
  async type(selector, text) {
    const id = await this.element(selector);
    await this.scrollTo(selector);
    await this.call('POST', `/element/${id}/click`, {});
    await this.call('POST', `/element/${id}/value`, { text: String(text) });
  }

  /**
   * Picks an option of a `<select>`. WebKitGTK's driver cannot tap an option in the native
   * pop-up ("element not interactable"), so the choice is made as the pop-up makes it: the
   * value set, then the `input` and `change` events the page listens to.
   */
  async select(selector, value) {
    await this.click(`${selector} option[value="${value}"]`).catch(() => this.evaluate(
      `const s = document.querySelector(arguments[0]); s.value = arguments[1];
       s.dispatchEvent(new Event('input', { bubbles: true })); s.dispatchEvent(new Event('change', { bubbles: true }));`,
      selector,
      value,
    ));
    const chosen = await this.evaluate('return document.querySelector(arguments[0]).value', selector);
    if (chosen !== value) throw new Error(`${selector}: ${value} not chosen (${chosen})`);
  }

  text(selector) {
    return this.evaluate('return document.querySelector(arguments[0])?.textContent ?? null', selector);
  }

  count(selector) {
    return this.evaluate('return document.querySelectorAll(arguments[0]).length', selector);
  }

  async close() {
    try {
      await this.call('DELETE', '');
    } finally {
      this.stop();
    }
  }
}
