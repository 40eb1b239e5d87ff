import * as v from 'valibot';

const STORAGE_KEY = 'scalequest.theme';

/** 'system' follows prefers-color-scheme; the others pin the theme. */
export type ThemeChoice = 'system' | 'light' | 'dark';
const STORED_CHOICE = v.picklist(['system', 'light', 'dark'] satisfies ThemeChoice[]);

/** The colour theme, stored in localStorage and applied as `data-theme` on <html>. */
export class ThemeSetting {
  #choice = $state<ThemeChoice>('system');
  readonly #storage: Storage | undefined;
  readonly #root: HTMLElement | undefined;

  constructor(
    storage: Storage | undefined = globalThis.localStorage,
    root: HTMLElement | undefined = globalThis.document?.documentElement,
  ) {
    this.#storage = storage;
    this.#root = root;
    const saved = storage?.getItem(STORAGE_KEY);
    if (v.is(STORED_CHOICE, saved)) this.#choice = saved;
    this.#apply();
  }

  get choice(): ThemeChoice {
    return this.#choice;
  }

  set choice(value: ThemeChoice) {
    this.#choice = value;
    this.#storage?.setItem(STORAGE_KEY, value);
    this.#apply();
  }

  #apply(): void {
    if (!this.#root) return;
    if (this.#choice === 'system') delete this.#root.dataset.theme;
    else this.#root.dataset.theme = this.#choice;
  }
}
