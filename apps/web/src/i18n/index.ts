import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { da } from './da';

/**
 * Danish first, English available. The choice is remembered in localStorage and mirrored on
 * <html lang>, so that screen readers pronounce the page in the right language. Danish is in
 * the first load; English is fetched when chosen (main.tsx waits for it when it was the
 * remembered choice, so the page never flashes in the wrong language).
 */
export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'gevinst.lang';

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'da' || stored === 'en') return stored;
  } catch {
    // storage may be blocked
  }
  return 'da';
}

const initial = initialLanguage();
void i18next.use(initReactI18next).init({
  resources: { da: { translation: da } },
  lng: 'da',
  fallbackLng: 'da',
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = i18next.language;
i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

/** Fetches a language's labels once (Danish is always there). */
async function load(lang: Language): Promise<void> {
  if (i18next.hasResourceBundle(lang, 'translation')) return;
  if (lang === 'en') i18next.addResourceBundle('en', 'translation', (await import('./en')).en);
}

/** The remembered language, loaded and in force: awaited before the first render. */
export async function startLanguage(): Promise<void> {
  if (initial === 'da') return;
  try {
    await load(initial);
    await i18next.changeLanguage(initial);
  } catch {
    // the English labels could not be fetched: Danish it is
  }
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage may be blocked; the switch still works for this page
  }
  await load(lang);
  await i18next.changeLanguage(lang);
}

export default i18next;
