import { inPage, signInThroughPage, startWeb, type WebHarness } from './web-harness';

/** The web app's frame in a real browser against the real API: sign-in, roles, language, a11y basics. */
describe('web app: sign-in, navigation, language', () => {
  let w: WebHarness;
  beforeAll(async () => {
    w = await startWeb();
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('signs a finance user in from the list of dev identities and shows their navigation', async () => {
    const { page, problems } = await w.open('/');
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
    await signInThroughPage(page, 'Frida Finans');
    const nav = page.getByRole('navigation', { name: 'Hovedmenu' });
    const links = await nav.getByRole('link').allInnerTexts();
    expect(links).toEqual(['Portefølje', 'Business cases', 'Høstplan', 'Afdelinger', 'Hvad nu hvis']);
    expect(await page.getByTestId('signed-in-as').innerText()).toContain('Frida Finans');
    expect(await page.getByTestId('signed-in-as').innerText()).toContain('Økonomi');
    expect(page.url()).toMatch(/\/portfolio$/);
    // The token is kept for the tab only.
    expect(await inPage<string | null>(page, "sessionStorage.getItem('gevinst.token')")).toMatch(/^ey/);
    expect(await inPage<string | null>(page, "localStorage.getItem('gevinst.token')")).toBeNull();
    // A reload keeps the session.
    await page.reload();
    await nav.waitFor();
    expect(await page.getByTestId('signed-in-as').innerText()).toContain('Frida Finans');
    // Sign out ends it.
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(await inPage<string | null>(page, "sessionStorage.getItem('gevinst.token')")).toBeNull();
    expect(problems).toEqual([]);
  });

  it('shows each role its own navigation; a department head sees only their department', async () => {
    const nav = async (as: string) => {
      const { page } = await w.open('/', { as });
      const menu = page.getByRole('navigation', { name: 'Hovedmenu' });
      await menu.waitFor();
      return { page, links: await menu.getByRole('link').allInnerTexts() };
    };
    const [bo, carl, revi, mette] = await Promise.all(['bo', 'carl', 'revi', 'mette'].map(nav));
    expect(bo!.links).toEqual(['Min afdeling (borgerservice)']);
    expect(bo!.page.url()).toMatch(/\/departments\/borgerservice$/);
    expect(carl!.links).toEqual(['Mine business cases', 'Ny business case']);
    expect(revi!.links).toEqual(['Portefølje', 'Business cases', 'Høstplan', 'Afdelinger', 'Historik', 'Portefølje på en dato', 'Verifikation', 'Eksport', 'Hvad nu hvis']);
    expect(mette!.links).toEqual(['Portefølje', 'Business cases', 'Høstplan', 'Afdelinger', 'Hvad nu hvis']);
    // A page outside the role says so instead of showing anything.
    const { page } = await w.open('/harvest-plan', { as: 'carl' });
    await page.getByRole('heading', { level: 1, name: 'Ingen adgang' }).waitFor();
  });

  it('ends a session the API no longer accepts and says so on the sign-in page', async () => {
    const context = await w.browser.newContext({ locale: 'da-DK' });
    // A token from another installation (or an expired one), with the identity the UI remembered.
    await context.addInitScript(`sessionStorage.setItem('gevinst.token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmcmlkYSJ9.x'); sessionStorage.setItem('gevinst.identity', '{"id":"frida","role":"finance","departments":[]}')`);
    const page = await context.newPage();
    await page.goto(`${w.baseUrl}/harvest-plan`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByText('Din session er udløbet. Log ind igen.').waitFor();
    expect(await inPage<string | null>(page, "sessionStorage.getItem('gevinst.token')")).toBeNull();
    await context.close();
  });

  it('switches between Danish and English, remembers the choice and sets <html lang>', async () => {
    const { page, problems } = await w.open('/', { as: 'frida' });
    const nav = page.getByRole('navigation', { name: 'Hovedmenu' });
    await nav.waitFor();
    expect(await inPage<string>(page, 'document.documentElement.lang')).toBe('da');
    await page.getByRole('button', { name: /English/ }).click();
    const english = page.getByRole('navigation', { name: 'Main navigation' });
    await english.waitFor();
    expect(await english.getByRole('link').allInnerTexts()).toEqual(['Portfolio', 'Business cases', 'Harvest plan', 'Departments', 'What if']);
    expect(await inPage<string>(page, 'document.documentElement.lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await page.reload();
    await english.waitFor();
    await page.getByRole('button', { name: /Dansk/ }).click();
    await nav.waitFor();
    expect(await inPage<string>(page, 'document.documentElement.lang')).toBe('da');
    expect(problems).toEqual([]);
  });

  it('is keyboard navigable: a skip link first, then the menu, with a visible focus ring', async () => {
    const { page } = await w.open('/', { as: 'frida' });
    await page.getByRole('navigation', { name: 'Hovedmenu' }).waitFor();
    await page.keyboard.press('Tab');
    const focused = () => inPage<{ text: string; outline: string }>(page, "({ text: document.activeElement?.textContent ?? '', outline: getComputedStyle(document.activeElement).outlineStyle })");
    expect(await focused()).toEqual({ text: 'Gå til indhold', outline: 'solid' });
    // Tabbing on through the header reaches the menu links.
    const seen: { text: string; outline: string }[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused());
    }
    expect(seen.map((f) => f.text)).toEqual(expect.arrayContaining(['English', 'Log ud', 'Portefølje', 'Business cases', 'Høstplan']));
    expect(seen.find((f) => f.text === 'Høstplan')!.outline).toBe('solid');
    // The skip link jumps past the header to the content.
    await page.focus('a.skip-link');
    await page.keyboard.press('Enter');
    expect(await inPage<string>(page, 'document.activeElement?.id')).toBe('main');
  });

  it('shows a clear not-available state, and asks nothing, for an operation the API does not offer', async () => {
    // The UI learns what exists from the API's OpenAPI document; here the document is made to
    // lack the case list, as it did before that API landed.
    const context = await w.browser.newContext({ locale: 'da-DK' });
    await context.addInitScript(`sessionStorage.setItem('gevinst.token', ${JSON.stringify(w.api.tokens['frida'])})`);
    await context.route('**/api/openapi.json', async (route) => {
      const response = await route.fetch();
      const doc = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
      delete doc.paths['/api/business-cases']!['get'];
      await route.fulfill({ response, json: doc });
    });
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.goto(`${w.baseUrl}/cases`);
    await page.getByTestId('not-available').waitFor();
    expect(await page.getByTestId('not-available').innerText()).toContain('Ikke tilgængelig endnu');
    expect(await page.getByTestId('not-available').innerText()).toContain('GET /api/business-cases');
    expect(asked).not.toContain('/api/business-cases');
    expect(await page.getByRole('table').count()).toBe(0);
    await context.close();
  });
});
