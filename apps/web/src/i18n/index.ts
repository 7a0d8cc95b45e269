import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { da } from './da';
import { en } from './en';

/**
 * Danish first, English available. The choice is remembered in localStorage and mirrored on
 * <html lang>, so that screen readers pronounce the page in the right language.
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

void i18next.use(initReactI18next).init({
  resources: { da: { translation: da }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'da',
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = i18next.language;
i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage may be blocked; the switch still works for this page
  }
  await i18next.changeLanguage(lang);
}

export default i18next;
