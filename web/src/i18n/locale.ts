/**
 * Two languages: zh-CN (default) and en. Each module keeps its own words next to its code with
 * `defineText`, so a page's labels and their translation are read and changed together.
 */
export type Locale = 'zh-CN' | 'en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** The language a `lang` URL parameter asks for; anything else means the default, zh-CN. */
export function toLocale(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'zh-CN';
}

type Words = Readonly<Record<string, string>>;

/**
 * A module's words in both languages; the English set must have exactly the Chinese keys (checked
 * by the compiler). Returns the lookup for a locale.
 */
export function defineText<T extends Words>(words: { readonly 'zh-CN': T; readonly en: { readonly [K in keyof T]: string } }) {
  return (locale: Locale): T => (locale === 'en' ? (words.en as T) : words['zh-CN']);
}

/** Replaces `{name}` in a message with values. */
export function fill(message: string, values: Readonly<Record<string, string | number>>): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
