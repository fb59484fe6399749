// A history filled in another system (a hospital portal rendering the exported FHIR
// Questionnaire with its own SDC renderer) reaches the nurse as a FHIR QuestionnaireResponse
// file: it imports into the same places as a parent's hand-off, shown in the nurse's language;
// a response that is not for this questionnaire, or not final, is refused with a reason in the
// nurse's language and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';

const app = useServerAndBrowser();

// Written as another renderer writes it: its own id and metadata, the canonical without a
// version, a regional language tag, the weight as a Quantity in the item's UCUM unit.
const PORTAL_RESPONSE = {
  resourceType: 'QuestionnaireResponse',
  id: 'portal-7f3a',
  meta: { lastUpdated: '2026-12-01T08:00:00Z' },
  language: 'de-CH',
  questionnaire: 'urn:pediatriage:questionnaire:anamnesis',
  status: 'completed',
  authored: '2026-12-01T07:58:00+01:00',
  item: [
    {
      linkId: 'section-child',
      item: [
        { linkId: 'age_years', answer: [{ valueInteger: 3 }] },
        { linkId: 'weight_kg', answer: [{ valueQuantity: { value: 14.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' } }] },
      ],
    },
    {
      linkId: 'section-complaint',
      item: [{ linkId: 'complaint', answer: [{ valueCoding: { system: 'urn:pediatriage:questionnaire:anamnesis:complaint', code: 'fever', display: 'Fieber' } }] }],
    },
    {
      linkId: 'section-fever',
      item: [
        { linkId: 'fever_at_home', answer: [{ valueBoolean: true }] },
        { linkId: 'fever_max_c', answer: [{ valueDecimal: 39.8 }] },
      ],
    },
  ],
};

/** A nurse opens the app in `lang`, types what `typeFirst` types, and imports `json` as a file. */
async function nurseImports(lang, name, json, { mimeType = 'application/fhir+json', typeFirst = async () => {} } = {}) {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click(`#lang-${lang}`);
  await typeFirst(page);
  await page.click('#nurse-history summary');
  await page.setInputFiles('#import-file', { name, mimeType, buffer: Buffer.from(JSON.stringify(json)) });
  await page.waitForSelector('#import-message');
  return page;
}

test('a FHIR QuestionnaireResponse from another system imports into the nurse screen, in French', async () => {
  const page = await nurseImports('fr', 'reponse-portail.json', PORTAL_RESPONSE);
  assert.match(await page.textContent('#import-message'), /5 réponses/);
  // The numbers land in the triage form itself, as from a parent's hand-off.
  assert.equal(await page.inputValue('#age-years'), '3');
  assert.equal(await page.inputValue('#weight'), '14.5');
  assert.equal(await page.inputValue('#complaint'), 'fever');
  const row = (id) => page.locator(`#nurse-history-summary tr[data-item="${id}"] td`);
  assert.equal(await row('fever_at_home').textContent(), 'Oui');
  assert.equal(await row('fever_max_c').textContent(), '39.8 °C');
  // The answers reach the rules: a level is shown.
  assert.ok(await page.locator('.level-banner').count() > 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const [what, change, reason] of [
  ['entered in error', (r) => ({ ...r, status: 'entered-in-error' }), /entered-in-error|statut/i],
  ['for another questionnaire', (r) => ({ ...r, questionnaire: 'http://example.org/Questionnaire/other' }), /questionnaire/i],
  ['another kind of FHIR resource', () => ({ resourceType: 'Observation', status: 'final' }), /QuestionnaireResponse/],
  ['an age out of the questionnaire limits', (r) => {
    const copy = structuredClone(r);
    copy.item[0].item[0].answer[0].valueInteger = 25;
    return copy;
  }, /25|âge|age/i],
]) {
  test(`a FHIR response ${what} is refused with a reason in French, and nothing typed is lost`, async () => {
    const page = await nurseImports('fr', 'portail.json', change(PORTAL_RESPONSE), {
      mimeType: 'application/json',
      typeFirst: (p) => p.fill('#heart-rate', '120'),
    });
    const message = await page.textContent('#import-message');
    assert.match(message, reason);
    assert.match(message, /[Rr]ien n’a été importé|[Rr]ien n'a été importé|Aucune/);
    assert.equal(await page.inputValue('#heart-rate'), '120');
    assert.equal(await page.inputValue('#age-years'), '');
    assert.equal(await page.locator('#nurse-history-summary tr[data-item="fever_max_c"]').count(), 0);
    await page.context().close();
  });
}

// A red flag in an imported history is never hidden in the folded history: the nurse sees the
// alert above it, also after a reload restores the history from the draft.
test('a red flag in an imported history shows above the folded history, also after a reload', async () => {
  const withApnoea = structuredClone(PORTAL_RESPONSE);
  withApnoea.item.push({
    linkId: 'section-breathing',
    item: [
      { linkId: 'breathing_difficulty', answer: [{ valueBoolean: true }] },
      { linkId: 'breathing_pauses', answer: [{ valueBoolean: true }] },
    ],
  });
  const page = await nurseImports('en', 'portal.json', withApnoea);
  assert.match(await page.textContent('#import-message'), /Imported 7 answers/);
  const alert = page.locator('#red-flag-alert-nurse');
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.textContent(), /Pauses in breathing/);
  // Folded again, the alert stays in view.
  await page.click('#nurse-history summary');
  assert.equal(await page.locator('#nurse-history').evaluate((d) => d.open), false);
  assert.ok(await alert.isVisible());
  // The draft brings the history back after a reload, and the alert with it, folded.
  await page.waitForTimeout(600);
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.locator('#nurse-history').evaluate((d) => d.open), false);
  await alert.waitFor({ state: 'visible', timeout: 5_000 });
  assert.match(await alert.textContent(), /Pauses in breathing/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
