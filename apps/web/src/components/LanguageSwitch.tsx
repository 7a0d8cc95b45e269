import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';

/** Dansk / English. The other language's name is written in that language (and marked so). */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const other = i18n.language === 'en' ? 'da' : 'en';
  return (
    <button
      type="button"
      className="button-secondary button-small language-switch"
      lang={other}
      onClick={() => void setLanguage(other)}
      aria-label={other === 'en' ? 'English – switch language' : 'Dansk – skift sprog'}
      title={t('layout.language')}
    >
      {other === 'en' ? 'English' : 'Dansk'}
    </button>
  );
}
