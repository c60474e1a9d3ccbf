// Mouse wheel and trackpad over the app scroll the way a web page does: in
// the wheel's direction and in proportion (Emscripten's GLFW passed raw
// pixels as wheel steps, inverted: one 53 px notch down moved the log ~70
// lines back). Real wheel events from Playwright's mouse, over the log.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useAppPage, openApp, clickWidget, waitForRun, nextFrames } from './harness.mjs';

describe('wheel', () => {
  const ctx = useAppPage({ delay: 0, errorRate: 0, seed: 3 });
  let server, page;
  before(() => {
    ({ server, page } = ctx);
  });

  const logScroll = () => page.evaluate(() => window.coflags.logScroll);
  async function wheel(dy) {
    const before = await logScroll();
    await page.mouse.wheel(0, dy);
    await nextFrames(page, 3);
    const after = await logScroll();
    return after.y - before.y;
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
});
