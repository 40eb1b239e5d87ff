/**
 * 'ascii': the paper's rule, non-empty pure ASCII.
 * 'english': the language detector must not be confident the prose is another language,
 * and math symbols, accents in names, smart quotes and dashes are allowed.
 *
 * Kept apart from languageFilter.ts so the run config rules (read by the page at start-up) do not
 * pull the language detector into the initial bundle.
 */
export type LanguageMode = 'ascii' | 'english';

export const LANGUAGE_MODES: readonly LanguageMode[] = ['ascii', 'english'];
