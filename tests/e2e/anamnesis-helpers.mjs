// Helpers for the anamnesis tests: answering the parent's one-question-at-a-time form as a
// parent would, and checking an exported FHIR file with an established R4 validator.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Answers the parent form until its end. `answers` maps item ids to: true/false (the Yes/No
 * buttons), a string option code for choices (the option's button), or {type: text} for
 * typed answers. A question not in the map is skipped with "Next", as a parent who does not
 * know would. Returns the ids of the questions seen, in order.
 */
export async function answerParentForm(page, answers) {
  const seen = [];
  for (let guard = 0; guard < 120; guard += 1) {
    const done = await page.locator('.parent-done').count();
    if (done) return seen;
    const field = page.locator('.parent-question .q-field');
    await field.waitFor();
    const id = await field.getAttribute('data-item');
    seen.push(id);
    const answer = answers[id];
    if (answer === undefined) {
      await page.click('#parent-next');
    } else if (answer === true || answer === false) {
      await page.click(`#q-${id}-${answer ? 'yes' : 'no'}`);
    } else if (typeof answer === 'string') {
      await page.click(`#q-${id}-${answer}`);
    } else {
      await page.fill(`#q-${id}`, answer.type);
      await page.click('#parent-next');
    }
    // The next question (or the end) replaces this one.
    await page.waitForFunction(
      (prev) => {
        const f = document.querySelector('.parent-question .q-field');
        return !f || f.getAttribute('data-item') !== prev;
      },
      id,
    );
  }
  throw new Error(`the parent form did not end; seen: ${seen.join(', ')}`);
}

/** The Python with fhir.resources (R4 4.0.1) that scripts/setup.sh installs. */
export function fhirPython() {
  const configured = process.env.PEDIATRIAGE_FHIR_PYTHON;
  if (configured) return configured;
  const cache = process.env.PEDIATRIAGE_TARGET_DIR || path.join(root, 'target');
  return path.join(path.resolve(root, cache), 'fhir-venv/bin/python');
}

/** Validates a FHIR R4 JSON file; returns { ok, output }. */
export function validateFhir(file) {
  const python = fhirPython();
  if (!existsSync(python)) throw new Error(`${python} is missing: run scripts/setup.sh`);
  const run = spawnSync(python, [path.join(root, 'tests/fhir/validate.py'), file], { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/**
 * A 16-month-old girl with fever for 2 days: every question of the parent form for her
 * answered. `overrides` sets the answers that differ between tests (language-specific texts).
 */
export function febrileToddler(overrides = {}) {
  return {
    age_years: { type: '1' },
    age_months: { type: '4' },
    sex: 'female',
    weight_kg: { type: '10,2' },
    complaint: 'fever',
    illness_days: { type: '2' },
    parent_worry: { type: '7' },
    fever_at_home: true,
    fever_max_c: { type: '39,4' },
    fever_days: { type: '2' },
    antipyretic: 'paracetamol',
    antipyretic_hours_ago: { type: '3' },
    breathing_difficulty: false,
    breathing_pauses: false,
    blue_lips: false,
    intake: 'reduced',
    urine_output: 'normal',
    vomiting: true,
    vomit_green: false,
    vomit_blood: false,
    diarrhoea: false,
    rash: false,
    alertness: 'normal',
    seizure_today: false,
    pain: false,
    injury: false,
    medicines: { type: 'Doliprane 150 mg' },
    allergies: { type: 'Amoxicilline : urticaire' },
    immunisations: 'yes',
    sick_contacts: true,
    repeat_visit: false,
    ...overrides,
  };
}
