// The child both keystroke benchmarks type for: a 9-year-old with abdominal pain and normal
// vital signs, entered in English on a page already loaded. Typing or deleting a pain score of
// 8 then moves the level each time.
import { settled } from './harness.mjs';

export async function enterBenchChild(page) {
  await page.waitForSelector('#app-title');
  await page.click('#lang-en');
  for (const [id, v] of [['#age-years', '9'], ['#heart-rate', '88'], ['#resp-rate', '18'], ['#spo2', '99']]) {
    await page.click(id);
    await page.keyboard.type(v);
  }
  await page.selectOption('#complaint', 'abdominal_pain');
  await settled(page);
}
