// Vietnamese first, with an English switch. Screens write their text in Vietnamese and pass it
// through `t`; in English, a text with a translation in `i18n/en.ts` is shown translated, and
// any other (a record's data) is shown as it is; the server's messages are put in English by
// their code (api.ts). The choice is kept in the browser.
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { createContext, type ReactNode, useContext, useState } from 'react';
import { english } from './i18n/en.ts';

export type Language = 'vi' | 'en';

const STORAGE_KEY = 'dongbo.language';
const LanguageContext = createContext<{ language: Language; setLanguage(next: Language): void }>({
  language: 'vi',
  setLanguage: () => undefined,
});

export function storedLanguage(): Language {
  return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
}

// Whoever asks their system for less motion gets none: drawers, menus and drop-downs appear at once.
const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
const THEME = { token: { colorPrimary: '#1661ab', borderRadius: 6, motion: !reducedMotion } };

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(storedLanguage);
  const setLanguage = (next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setState(next);
  };
  dayjs.locale(language === 'en' ? 'en' : 'vi');
  return (
    <LanguageContext.Provider value={{ language, setLanguage }}>
      <ConfigProvider locale={language === 'en' ? enUS : viVN} theme={THEME}>
        {children}
      </ConfigProvider>
    </LanguageContext.Provider>
  );
}

export function useLanguage() {
  return useContext(LanguageContext);
}

/** The text in the chosen language: `t('Lưu')` is "Save" in English. */
export function useT(): (vietnamese: string) => string {
  const { language } = useContext(LanguageContext);
  return language === 'en' ? (text) => english[text] ?? text : (text) => text;
}
