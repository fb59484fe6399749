// Accessibility and tablet use: axe-core (WCAG 2.1 A/AA) finds no serious or critical violation
// on any screen, in portrait and landscape; touch targets are at least 44 px; the screen can be
// used with the keyboard alone; the level is never told by colour alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { enterCase, openModelQuestions, ruleLevel, shownLevel } from './triage-helpers.mjs';


const app = useServerAndBrowser();

const PORTRAIT = { width: 800, height: 1280 };
const LANDSCAPE = { width: 1280, height: 800 };

/** Visible controls smaller than 44 × 44 CSS px. */
async function smallTargets(page) {
  return page.$$eval('button, input, select, summary, a[href]', (els) =>
    els
      .filter((e) => e.offsetParent !== null && !e.classList.contains('skip-link'))
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ e, r }) => {
        // Links inside running text are exempt (WCAG 2.5.5 "inline").
        if (e.tagName === 'A' && e.closest('li, p')) return false;
        return r.width < 44 || r.height < 44;
      })
      .map(({ e, r }) => `${e.tagName.toLowerCase()}#${e.id || ''}.${e.className} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
}

async function fillAbdominalCase(page) {
  await enterCase(page, {
    age_years: 10,
    complaint: 'abdominal_pain',
    pat: { appearance: 'normal', work_of_breathing: 'normal', circulation: 'abnormal' },
    vitals: { heart_rate_per_min: 88, respiratory_rate_per_min: 18, spo2_percent: 99, temperature_c: '38.1', pain_score: 8 },
  });
  await openModelQuestions(page);
  await page.click('#model-migration_of_pain-yes');
  await page.click('#model-rlq_tenderness-yes');
  // Open the first fired rule's path, the first score and the score questions so their content
  // is checked too.
  await page.click('details.trace-entry[data-outcome="fired"] > summary');
  await page.click('#scores-list details.score > summary');
  await page.click('#score-questions > summary');
}

for (const [orientation, viewport] of [['portrait', PORTRAIT], ['landscape', LANDSCAPE]]) {
  test(`axe-core: no serious or critical WCAG 2.1 AA violation on any screen (${orientation})`, async () => {
    // The page's CSP forbids injected scripts; only this context bypasses it, to load axe.
    const page = await newPage(app.browser, { viewport, bypassCSP: true });
    await page.goto(app.server.url);
    await waitForApp(page);
    await page.click('#lang-en');

    const screens = {};
    screens['triage, empty'] = await axeViolations(page);
    await fillAbdominalCase(page);
    await page.waitForSelector('#model-panel');
    screens['triage, filled (level, what-if, model, open path)'] = await axeViolations(page);
    await page.click('#save-assessment');
    await page.fill('#spo2', 'x');
    await page.waitForSelector('#level-blocked');
    screens['triage, with an error'] = await axeViolations(page);
    await page.click('#lang-fr');
    screens['triage, French'] = await axeViolations(page);
    await page.click('#lang-en');
    await page.click('#tab-records');
    await page.waitForSelector('#record-1');
    await page.click('#record-1 details > summary');
    screens['saved records'] = await axeViolations(page);
    for (const [name, violations] of Object.entries(screens)) {
      assert.deepEqual(violations, [], `${name}: ${violations.join('\n')}`);
    }

    // Control: the check does see a violation when one is there.
    await page.evaluate(() => {
      const i = document.createElement('input');
      i.id = 'unlabelled-control';
      document.querySelector('main').append(i);
    });
    assert.ok((await axeViolations(page)).some((v) => v.startsWith('label')), 'axe reports an unlabelled input');
    await page.context().close();
  });

  test(`touch targets are at least 44 px (${orientation})`, async () => {
    const page = await newPage(app.browser, { viewport });
    await page.goto(app.server.url);
    await waitForApp(page);
    await page.click('#lang-en');
    await fillAbdominalCase(page);
    await page.click('#other-findings > summary');
    assert.deepEqual(await smallTargets(page), []);
    // The level stays in view while typing lower down the form.
    await page.click('#pain-score');
    const box = await page.locator('#level-number').boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= viewport.height, `level visible: ${JSON.stringify(box)}`);
    await page.context().close();
  });
}

test('the level is told in words and numbers, not by colour alone', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 3, complaint: 'fever', vitals: { capillary_refill_s: 5 }, findings: ['mottled_skin'] });
  const level = ruleLevel('paedctas.hemodynamic.shock_signs');
  assert.equal(await shownLevel(page, level), String(level));
  assert.match(await page.textContent('#level-name'), /\w{4,}/);
  assert.match(await page.textContent('#level-target'), /immediate/);
  const status = page.locator('[role="status"][aria-live="polite"]').filter({ has: page.locator('#level-number') });
  assert.equal(await status.count(), 1, 'the level is announced to screen readers');
  await page.context().close();
});

test('keyboard alone: tab to the fields, type, choose the complaint, press a sign, open the path', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await page.evaluate(() => document.activeElement?.blur());
  const tabTo = async (id, max = 200) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    }
    throw new Error(`Tab never reached #${id}`);
  };
  await tabTo('age-years');
  await page.keyboard.type('6');
  await tabTo('complaint');
  // Type-ahead on a focused select, as a keyboard user would.
  await page.keyboard.type('Head injury');
  await page.waitForFunction(() => document.querySelector('#complaint').value === 'head_injury');
  await tabTo('obs-loss_of_consciousness-under_5_s');
  await page.keyboard.press('Space');
  const level = ruleLevel('local.complaint.head_injury.loss_of_consciousness');
  assert.equal(await shownLevel(page, level), String(level));
  // Summaries are in the tab order; Enter opens the rule's path.
  const ruleId = 'local.complaint.head_injury.loss_of_consciousness';
  let reached = false;
  for (let i = 0; i < 400 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate((id) => {
      const a = document.activeElement;
      return a?.tagName === 'SUMMARY' && a.parentElement?.dataset.ruleId === id;
    }, ruleId);
  }
  assert.ok(reached, 'Tab reaches the rule path');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('details[data-rule-id="local.complaint.head_injury.loss_of_consciousness"]').evaluate((d) => d.open), true);
  await page.context().close();
});
