// A person's walk through the web app in headless Chromium, against the real server with its
// demo group: every page visited passes axe-core's WCAG 2.2 AA rules and is photographed at
// phone and desktop widths.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.env.COLLABORATE_BIN ?? resolve(here, '../../target/debug/collaborate');
const shots = process.env.COLLABORATE_SCREENSHOTS ?? resolve(here, '../../target/screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'demo-password-2026';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

let server;
let base;
let browser;
let workdir;

function freePort() {
  return new Promise((ok) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

async function ready(url) {
  for (let i = 0; i < 600; i += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'collaborate-browser-'));
  mkdirSync(shots, { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(binary, ['serve', '--demo', '--bind', `127.0.0.1:${port}`,
    '--database-url', `sqlite://${workdir}/demo.db?mode=rwc`], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  server.stdout.resume();
  await ready(`${base}/readyz`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(workdir, { recursive: true, force: true });
});

/** A person's own browser window: its own cookies, a phone-sized screen to start with. */
async function person() {
  // The pages forbid every script; the accessibility checker is injected past that policy.
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  return context.newPage();
}

const visited = new Set();

/**
 * Checks the page shown against WCAG 2.2 AA, that it is no wider than a 360 or 390 px screen,
 * and photographs it at 390 and 1280 px.
 */
async function check(page, name) {
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(
    (tags) => globalThis.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    WCAG,
  );
  const found = results.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  assert.deepEqual(found, [], `${name}: accessibility violations on ${page.url()}`);
  for (const width of [360, 390]) {
    await page.setViewportSize({ width, height: 800 });
    const wider = await page.evaluate(() => {
      const screen = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= screen) return [];
      return [...document.querySelectorAll('main *:not(svg *)')]
        .filter((e) => e.getBoundingClientRect().right > screen + 1)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)}px`);
    });
    assert.deepEqual(wider, [], `${name}: wider than a ${width} px screen on ${page.url()}`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  if (!visited.has(name)) {
    visited.add(name);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 390, height: 844 });
  }
}

async function signIn(page, email, next = '/') {
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a newcomer joins, offers help, finds a peer and asks; the helper answers; feedback is given', async () => {
  // The admin shares the group's join link.
  const admin = await person();
  await signIn(admin, 'priya.shah@demo.example');
  await check(admin, 'my-groups');
  await admin.getByRole('link', { name: 'Yorkshire Schools Partnership' }).click();
  await check(admin, 'group-home-admin');
  const joinLink = await admin.locator('a.join-link').getAttribute('href');

  // A newcomer follows it, creates an account on the way, and joins.
  const seeker = await person();
  await seeker.goto(joinLink.replace(/^http:\/\/[^/]+/, base));
  await check(seeker, 'sign-in');
  await seeker.locator('main').getByRole('link', { name: 'Create an account' }).click();
  await check(seeker, 'sign-up');
  await seeker.getByRole('button', { name: 'Create account' }).click();
  await check(seeker, 'sign-up-problems');
  await seeker.getByLabel('Your name').fill('Nia Roberts');
  await seeker.getByLabel('Email address').fill('nia.roberts@demo.example');
  await seeker.getByLabel('Password').fill(PASSWORD);
  await seeker.getByRole('button', { name: 'Create account' }).click();
  await check(seeker, 'join');
  await seeker.getByRole('button', { name: 'Join group' }).click();
  await check(seeker, 'group-home-newcomer');
  const groupPath = new URL(seeker.url()).pathname;
  assert.match(await seeker.textContent('main'), /Offer help in 3 more areas to unlock search/);

  // Search is refused until they offer help.
  await seeker.getByRole('link', { name: 'Find help' }).click();
  await check(seeker, 'search-refused');
  assert.match(await seeker.textContent('h1'), /Offer help first/);

  // Three offers, in three areas, each in two steps.
  const offers = [
    ['School business', 'Budget planning'],
    ['Staff wellbeing', 'Workload'],
    ['Leadership', 'Governance'],
  ];
  for (const [index, [area, aspect]] of offers.entries()) {
    await seeker.goto(`${base}${groupPath}/offers/new`);
    if (index === 0) await check(seeker, 'offer-choose-area');
    await seeker.getByLabel(area).check();
    await seeker.getByRole('button', { name: 'Continue' }).click();
    if (index === 0) {
      await check(seeker, 'offer-form');
      await seeker.getByRole('button', { name: 'Publish offer' }).click();
      await check(seeker, 'offer-form-problems');
    }
    await seeker.getByLabel(aspect).check();
    await seeker.getByLabel('Description').fill('We did this across three schools last year.');
    await seeker.getByLabel('Video call').check();
    await seeker.getByRole('button', { name: 'Publish offer' }).click();
  }
  await check(seeker, 'my-offers');
  assert.match(await seeker.textContent('main'), /You offer help: you can search for peers/);

  // Their place, by the name of their town.
  await seeker.goto(`${base}${groupPath}/profile`);
  await check(seeker, 'profile');
  await seeker.getByLabel('Your town or city').fill('Newport');
  await seeker.getByRole('button', { name: 'Save profile' }).click();
  await check(seeker, 'profile-place-several');
  await seeker.getByLabel('Your town or city').fill('York');
  await seeker.getByRole('button', { name: 'Save profile' }).click();
  assert.match(await seeker.textContent('main'), /Your profile is saved/);

  // Search near them, then ask the first peer found.
  await seeker.getByRole('link', { name: 'Back to the group' }).click();
  await seeker.getByRole('link', { name: 'Find help' }).click();
  await check(seeker, 'search');
  await seeker.getByLabel('Area').selectOption({ label: 'Curriculum design' });
  await seeker.getByLabel('Distance').selectOption({ label: 'Within 50 km' });
  await seeker.getByRole('button', { name: 'Search' }).click();
  assert.match(await seeker.textContent('main'), /About \d+ km/);
  assert.ok(await seeker.locator('figure.map svg .marker').count() > 0, 'the people found are on the map');
  await check(seeker, 'search-results');
  const helperName = (await seeker.locator('ol.results h3').first().textContent()).trim().replace(/^\d+\s*/, '');
  await seeker.locator('ol.results a.button').first().click();
  await check(seeker, 'ask');
  assert.equal((await seeker.textContent('h1')).trim(), `Ask ${helperName} for help`, 'whom one asks');
  await seeker.getByLabel('Your message').fill('Could you show me how you plan KS3 science?');
  await seeker.locator('input[name=mode]').first().check();
  await seeker.getByRole('button', { name: 'Send request' }).click();
  await check(seeker, 'request-seeker');
  const helperEmail = `${helperName.toLowerCase().replace(' ', '.')}@demo.example`;
  assert.ok(await seeker.locator(`a[href="mailto:${helperEmail}"]`).count() > 0,
    'the helper\'s contact details are shown at once');
  const requestPath = new URL(seeker.url()).pathname;

  // The helper is told on their home, finds the request among those asked of them, accepts,
  // then completes.
  const helper = await person();
  await signIn(helper, helperEmail, groupPath);
  await check(helper, 'group-home-helper');
  assert.match(await helper.textContent('.panel-waiting'), /Waiting for you/);
  await helper.locator('.panel-waiting a[href$="/requests?side=helper"]').click();
  await check(helper, 'requests-asked-of-me');
  await helper.locator(`a[href="${requestPath}"]`).first().click();
  await check(helper, 'request-helper');
  assert.ok(await helper.locator('a[href="mailto:nia.roberts@demo.example"]').count() > 0);
  await helper.getByRole('button', { name: 'Accept' }).click();
  await helper.getByRole('button', { name: 'Mark as completed' }).click();
  await check(helper, 'request-completed');
  await helper.goto(`${base}${groupPath}/requests?side=helper`);
  await check(helper, 'requests-helper');

  // The seeker rates the help.
  await seeker.reload();
  await check(seeker, 'feedback-form');
  await seeker.getByLabel('5 out of 5').check();
  await seeker.getByLabel('Comment (optional)').fill('Clear and generous.');
  await seeker.getByRole('button', { name: 'Send feedback' }).click();
  await check(seeker, 'feedback-given');
  assert.match(await seeker.textContent('main'), /Clear and generous\./);

  // The helper's record of contribution keeps the help and what was said of it.
  await helper.goto(`${base}${groupPath}/profile`);
  await helper.getByRole('link', { name: 'Your record of contribution' }).click();
  await check(helper, 'contribution');
  assert.match(await helper.textContent('main'), /Clear and generous\./);
});

test('an admin imports a questionnaire: every row shown first, then imported', async () => {
  const admin = await person();
  await signIn(admin, 'priya.shah@demo.example');
  await admin.getByRole('link', { name: 'Yorkshire Schools Partnership' }).click();
  await admin.getByRole('link', { name: 'Manage the group' }).click();
  await check(admin, 'admin-hub');
  for (const part of ['Settings', 'Areas', 'Organisations', 'Members', 'Invitations', 'Audit trail']) {
    await admin.getByRole('link', { name: part, exact: true }).click();
    await check(admin, `admin-${part.toLowerCase().replace(' ', '-')}`);
    await admin.getByRole('link', { name: 'Manage the group' }).click();
  }
  // Members found by name, and a removal asked first.
  await admin.getByRole('link', { name: 'Members', exact: true }).click();
  await admin.getByLabel('Name or email address').fill('tom');
  await admin.getByRole('button', { name: 'Find members' }).click();
  await check(admin, 'admin-members-found');
  await admin.getByRole('button', { name: /^Remove/ }).first().click();
  await check(admin, 'admin-member-remove');
  await admin.getByRole('link', { name: 'Cancel' }).click();
  // An invitation made, and its page as the person invited meets it.
  await admin.getByRole('link', { name: 'Manage the group' }).click();
  await admin.getByRole('link', { name: 'Invitations', exact: true }).click();
  await admin.getByLabel('Email address').fill('new.teacher@demo.example');
  await admin.getByRole('button', { name: 'Invite', exact: true }).click();
  await check(admin, 'admin-invited');
  const invitation = await admin.locator('a.join-link').first().getAttribute('href');
  const invitee = await person();
  await invitee.goto(invitation.replace(/^http:\/\/[^/]+/, base));
  await check(invitee, 'invitation');
  assert.match(await invitee.textContent('h1'), /You are invited to join Yorkshire Schools Partnership/);
  await admin.getByRole('link', { name: 'Manage the group' }).click();
  await admin.getByRole('link', { name: 'Audit trail', exact: true }).click();
  assert.match(await admin.textContent('main'), /Invitation made/);
  await admin.getByRole('link', { name: 'Manage the group' }).click();
  await admin.getByRole('link', { name: 'Import questionnaires' }).click();
  await check(admin, 'import');
  await admin.getByRole('link', { name: 'The questionnaire on paper' }).click();
  await check(admin, 'questionnaire');
  await admin.getByRole('link', { name: 'Import questionnaires' }).click();
  const file = 'email,display_name,organisation,strength_1,strength_2,need_1\r\n'
    + 'lena.fox@demo.example,Lena Fox,Leeds Park Academy,Leadership > Governance,Staff wellbeing > Workload,Digital learning\r\n'
    + 'sam.ito@demo.example,Sam Ito,York Minster Primary,Curriculum design > Assessment,SEND and inclusion > Attendance,School business\r\n';
  await admin.getByLabel('Questionnaire file (CSV)').setInputFiles({
    name: 'questionnaire.csv', mimeType: 'text/csv', buffer: Buffer.from(file),
  });
  await admin.getByRole('button', { name: 'Check the file' }).click();
  await check(admin, 'import-preview');
  assert.match(await admin.textContent('main'), /2 new people/);
  await admin.getByRole('button', { name: 'Import 2 rows' }).click();
  await check(admin, 'import-done');
  assert.match(await admin.textContent('h1'), /Imported/);
  assert.equal(await admin.locator('a.join-link').count(), 2, 'a link to hand on for each new person');

  // Where help is offered and needed, by place, never by person.
  await admin.getByRole('link', { name: 'Manage the group' }).click();
  await admin.getByRole('link', { name: 'Where help is offered and needed' }).click();
  await check(admin, 'capacity');
  assert.ok(await admin.locator('figure.map svg circle.dot').count() >= 2, 'a square of Leeds is drawn');

  // The reports, drawn as charts beside their tables.
  await admin.getByRole('link', { name: 'Manage the group' }).click();
  await admin.getByRole('link', { name: 'Reports' }).click();
  await check(admin, 'reports');
  assert.equal(await admin.locator('svg.chart').count(), 3);
});

test('the start page, the guides, the error pages and a safeguarding concern pass too', async () => {
  const visitor = await person();
  await visitor.goto(`${base}/`);
  await check(visitor, 'start');
  await visitor.getByRole('link', { name: 'Help' }).click();
  await check(visitor, 'help');
  await visitor.getByRole('link', { name: 'Using the exchange' }).click();
  await check(visitor, 'help-members');
  await visitor.goto(`${base}/help/admins`);
  await check(visitor, 'help-admins');
  await visitor.goto(`${base}/sign-in`);
  await visitor.getByRole('link', { name: 'Forgotten your password?' }).click();
  await check(visitor, 'password-forgotten');
  await visitor.getByLabel('Email address').fill('nobody@demo.example');
  await visitor.getByRole('button', { name: 'Send the link' }).click();
  assert.match(await visitor.textContent('main'), /is on its way/);
  await check(visitor, 'password-forgotten-sent');
  await visitor.goto(`${base}/password-reset/${'a'.repeat(43)}`);
  await check(visitor, 'password-choose');

  const member = await person();
  await signIn(member, 'tom.okafor@demo.example', '/account');
  await check(member, 'account');
  await member.goto(`${base}/groups`);
  await member.getByRole('link', { name: 'Yorkshire Schools Partnership' }).click();
  await member.getByRole('link', { name: 'My requests' }).click();
  await check(member, 'requests-seeker');
  await member.locator('table a').first().click();
  await member.getByRole('link', { name: 'Raise a safeguarding concern' }).click();
  await check(member, 'concern-raise');
  await member.getByLabel('What happened, and why it worries you').fill('They asked for my home address.');
  await member.getByRole('button', { name: 'Send to the safeguarding leads' }).click();
  await check(member, 'concern-raised');

  const lead = await person();
  await signIn(lead, 'priya.shah@demo.example');
  await lead.getByRole('link', { name: 'Yorkshire Schools Partnership' }).click();
  await lead.getByRole('link', { name: 'Safeguarding concerns' }).click();
  await check(lead, 'concerns');
  await lead.locator('table a').first().click();
  await check(lead, 'concern');
  await lead.getByLabel('Note (optional)').fill('Spoke to both schools.');
  await lead.getByRole('button', { name: 'Record and close' }).click();
  assert.match(await lead.textContent('main'), /Spoke to both schools\./);
  const missing = await visitor.goto(`${base}/no/such/page`);
  assert.equal(missing.status(), 404);
  await check(visitor, 'not-found');
});

test('Peer Assists: the one held with its lesson, lessons by area, convening, the panel, an invitation answered', async () => {
  const tom = await person();
  await signIn(tom, 'tom.okafor@demo.example');
  await tom.getByRole('link', { name: 'Yorkshire Schools Partnership' }).click();
  await tom.getByRole('link', { name: 'Peer Assists' }).first().click();
  await check(tom, 'peer-assists');
  await tom.getByRole('link', { name: 'Setting a three-year budget' }).click();
  assert.match(await tom.textContent('main'), /Followed up/);
  await check(tom, 'peer-assist-followed-up');
  await tom.goto(tom.url().replace(/\/peer-assists\/.*$/, '/lessons'));
  await check(tom, 'lessons');
  await tom.getByLabel('Area').selectOption({ label: 'Digital learning' });
  await tom.getByRole('button', { name: 'Show the lessons' }).click();
  assert.match(await tom.textContent('main'), /No lesson has been published in this area yet/);
  await tom.goto(tom.url().replace(/\/lessons.*$/, '/peer-assists/new'));
  await check(tom, 'peer-assist-convene');

  // Amira was invited to Hannah's: she says she can come, and the page says so.
  const amira = await person();
  await signIn(amira, 'amira.hassan@demo.example');
  await amira.getByRole('link', { name: 'Yorkshire Schools Partnership' }).click();
  await amira.getByRole('link', { name: 'Peer Assists' }).first().click();
  await amira.getByRole('link', { name: 'A workload charter for our staff' }).click();
  await check(amira, 'peer-assist-invited');
  await amira.getByRole('button', { name: 'I can come' }).click();
  assert.match(await amira.textContent('main'), /You are coming/);
  await check(amira, 'peer-assist-accepted');

  // Hannah, its convenor, changes the panel; calling it off asks once more.
  const hannah = await person();
  await signIn(hannah, 'hannah.price@demo.example');
  await hannah.goto(amira.url());
  await hannah.getByRole('link', { name: 'Change who is invited' }).click();
  await check(hannah, 'peer-assist-panel');
  await hannah.goBack();
  await hannah.getByText('Call it off', { exact: true }).click();
  assert.match(await hannah.textContent('main'), /This cannot be undone/);
  await check(hannah, 'peer-assist-call-off');

  // Sofia offers too little to convene: she is told so, with the way to offer, before any form.
  const sofia = await person();
  await signIn(sofia, 'sofia.russo@demo.example');
  await sofia.goto(tom.url());
  assert.match(await sofia.textContent('main'), /Offer help in/);
  await check(sofia, 'peer-assist-convene-refused');
  await sofia.getByRole('link', { name: 'Offer help' }).click();
  assert.match(sofia.url(), /\/offers$/);
});

test('matching: an admin proposes a helper for every open need, reviews and confirms; a member sees who could help', async () => {
  const admin = await person();
  await signIn(admin, 'priya.shah@demo.example');
  await admin.getByRole('link', { name: 'Yorkshire Schools Partnership' }).click();
  await admin.getByRole('link', { name: 'Manage the group' }).click();
  await admin.getByRole('link', { name: 'Matching' }).click();
  await check(admin, 'matching');
  await admin.getByRole('button', { name: 'Make a proposal' }).click();
  assert.match(await admin.textContent('main'), /Proposal made: review it/);
  await check(admin, 'proposal');
  await admin.getByRole('button', { name: 'Confirm the ticked needs' }).click();
  assert.match(await admin.textContent('main'), /Confirmed: the requests are made/);
  await check(admin, 'proposal-confirmed');

  const member = await person();
  await signIn(member, 'ravi.patel@demo.example');
  await member.getByRole('link', { name: 'Yorkshire Schools Partnership' }).click();
  await member.getByRole('link', { name: 'My needs' }).click();
  await member.getByRole('link', { name: /Who could help\?/ }).first().click();
  await check(member, 'suggestions');
});

const FOCUS_YELLOW = 'rgb(255, 221, 0)';

/**
 * Presses Tab until `target` has the focus, as a person without a mouse moves through a page;
 * every element focused on the way must show it (the yellow of the focus style).
 */
async function tabTo(page, target) {
  const wanted = await target.elementHandle();
  for (let presses = 0; presses < 200; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((el) => {
      const now = document.activeElement;
      const style = getComputedStyle(now);
      const ringed = style.outlineColor === 'rgb(255, 221, 0)' && parseFloat(style.outlineWidth) >= 2
        && style.outlineStyle !== 'none';
      return {
        reached: now === el,
        shown: ringed || style.backgroundColor === 'rgb(255, 221, 0)',
        what: now.outerHTML.slice(0, 160),
      };
    }, wanted);
    assert.ok(focused.shown, `the focus is not shown on ${focused.what} (${FOCUS_YELLOW} expected)`);
    if (focused.reached) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test('with the keyboard alone: signing in, giving a top five, and searching', async () => {
  const member = await person();
  await member.goto(`${base}/sign-in?next=/groups`);
  await tabTo(member, member.getByLabel('Email address'));
  await member.keyboard.type('tom.okafor@demo.example');
  await tabTo(member, member.getByLabel('Password'));
  await member.keyboard.type(PASSWORD);
  await member.keyboard.press('Enter');
  await member.waitForURL(/\/groups$/);
  await tabTo(member, member.getByRole('link', { name: 'Yorkshire Schools Partnership' }));
  await member.keyboard.press('Enter');
  await member.waitForURL(/\/groups\/[^/]+$/);

  // The top five: an area chosen by typing its name, its aspects shown, one ticked with Space.
  await tabTo(member, member.getByRole('link', { name: 'My top five' }));
  await member.keyboard.press('Enter');
  await member.waitForURL(/questionnaire$/);
  await check(member, 'top-five');
  assert.equal(await member.locator('#strength_1 option:checked').textContent(), 'Curriculum design',
    'the answers so far: the offers ranked first');
  await tabTo(member, member.locator('#strength_4'));
  await member.keyboard.type('Leadership');
  assert.equal(await member.locator('#strength_4 option:checked').textContent(), 'Leadership');
  await tabTo(member, member.getByRole('button', { name: 'Show the aspects of the areas chosen' }));
  const shown = member.waitForEvent('load');
  await member.keyboard.press('Enter');
  await shown;
  await check(member, 'top-five-aspects');
  await tabTo(member, member.locator('#strength_4_aspects-2'));
  await member.keyboard.press('Space');
  await tabTo(member, member.getByRole('button', { name: 'Check what would change' }));
  const previewed = member.waitForEvent('load');
  await member.keyboard.press('Enter');
  await previewed;
  await check(member, 'top-five-preview');
  assert.match(await member.textContent('main'), /Nothing has changed yet/);
  await tabTo(member, member.getByRole('button', { name: 'Save these changes' }));
  await member.keyboard.press('Enter');
  await member.waitForURL(/questionnaire\?saved$/);
  assert.match(await member.textContent('main'), /Your answers are saved/);
  assert.equal(await member.locator('#strength_4 option:checked').textContent(), 'Leadership');
  assert.ok(await member.locator('#strength_4_aspects-2').isChecked(), 'Leading change is kept');

  // A search, from the group's home.
  await tabTo(member, member.getByRole('link', { name: 'Back to the group' }));
  await member.keyboard.press('Enter');
  await member.waitForURL(/\/groups\/[^/]+$/);
  await tabTo(member, member.getByRole('link', { name: 'Find help' }));
  await member.keyboard.press('Enter');
  await member.waitForURL(/search$/);
  await tabTo(member, member.getByLabel('Area'));
  await member.keyboard.type('School business');
  await tabTo(member, member.getByRole('button', { name: 'Search' }));
  await member.keyboard.press('Enter');
  await member.waitForURL(/search\?/);
  assert.ok(await member.locator('ol.results li').count() > 0, 'peers are found');
  await tabTo(member, member.locator('ol.results a.button').first());
  await member.keyboard.press('Enter');
  await member.waitForURL(/\/ask\//);
  await check(member, 'ask-by-keyboard');
});
