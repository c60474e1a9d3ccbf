// Mouse wheel and trackpad over the app scroll the way a web page does: in
// the wheel's direction and in proportion (Emscripten's GLFW passed raw
// pixels as wheel steps, inverted: one 53 px notch down moved the log ~70
// lines back, one notch up in the gallery jumped to its bottom). Real wheel
// events from Playwright's mouse, over the log, the gallery, and the
// settings column of an 800x600 window.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useAppPage, launchBrowser, openApp, clickWidget, waitForRun, nextFrames } from './harness.mjs';

describe('wheel', () => {
  const ctx = useAppPage({ delay: 0, errorRate: 0, seed: 3 });
  let server, page;
  before(() => {
    ({ server, page } = ctx);
  });

  const scrollOf = (p, key) => p.evaluate((k) => window.coflags[k], key);
  // How far one wheel event of `dy` px moved the area whose scroll is published as `key`.
  async function wheelOn(p, key, dy) {
    const before = await scrollOf(p, key);
    await p.mouse.wheel(0, dy);
    await nextFrames(p, 3);
    const after = await scrollOf(p, key);
    return after.y - before.y;
  }
  const wheel = (dy) => wheelOn(page, 'logScroll', dy);

  // A notch down moves down and a notch up moves back, each less than a screenful; a 3 px
  // trackpad nudge moves a few pixels.
  async function scrollsLikeAPage(p, key, area) {
    await p.mouse.move(area.x + area.w / 2, area.y + area.h / 2);
    await nextFrames(p, 2);
    const down = await wheelOn(p, key, 53);
    assert.ok(down > 20 && down < Math.min(120, area.h), `${key}: one 53 px notch down moved ${down} px`);
    const up = await wheelOn(p, key, -53);
    assert.ok(up < -20 && up > -Math.min(120, area.h), `${key}: one notch up moved ${up} px`);
    const nudge = await wheelOn(p, key, 3);
    assert.ok(nudge >= 0 && nudge <= 12, `${key}: a 3 px trackpad scroll moved ${nudge} px`);
    const end = await scrollOf(p, key);
    assert.ok(end.y < end.max, `${key}: a notch up from near the top did not jump to the bottom`);
  }

  it('scrolls the log in the wheel\'s direction, about as far as the wheel asked', async () => {
    await openApp(page, server.pageUrl('server=LOCAL&cc=all&m=50&autostart=1'));
    await waitForRun(page, 1, 60000);
    await clickWidget(page, 'log_tab');
    await page.waitForFunction(() => window.coflags.logScroll && window.coflags.logScroll.max > 1000);
    const area = await page.evaluate(() => window.coflags.widgets.log_lines);
    await page.mouse.move(area.x + area.w / 2, area.y + area.h / 2);
    await nextFrames(page, 2);
    // At the bottom (it follows new lines): one notch up, then one down.
    const up = await wheel(-53);
    assert.ok(up < -20 && up > -120, `one 53 px notch up moved the log by ${up} px`);
    const down = await wheel(53);
    assert.ok(down > 20 && down < 120, `one 53 px notch down moved the log by ${down} px`);
    // A 3 px trackpad nudge moves a few pixels, not hundreds of lines.
    await wheel(-200);
    const nudge = await wheel(3);
    assert.ok(nudge >= 0 && nudge <= 12, `a 3 px trackpad scroll moved the log by ${nudge} px`);
  });

  it('scrolls the gallery in the wheel\'s direction, without jumping to the bottom', async () => {
    await openApp(page, server.pageUrl());  // the flags of the first test, restored
    await page.waitForFunction(() => window.coflags.galleryScroll && window.coflags.galleryScroll.max > 200);
    await scrollsLikeAPage(page, 'galleryScroll', await page.evaluate(() => window.coflags.widgets.gallery_grid));
  });

  it('scrolls the settings column of an 800x600 window', async () => {
    const small = await launchBrowser({ width: 800, height: 600 });
    try {
      const p = await small.context.newPage();
      await openApp(p, server.pageUrl());
      await p.waitForFunction(() => window.coflags.controlsScroll && window.coflags.controlsScroll.max > 50);
      await scrollsLikeAPage(p, 'controlsScroll', await p.evaluate(() => window.coflags.widgets.controls_area));
    } finally {
      await small.close();
    }
  });
});
