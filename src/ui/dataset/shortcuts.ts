export type ShortcutAction =
  'next' | 'previous' | 'accept' | 'reject' | 'reset' | 'edit' | 'search' | 'close';

/** The parts of a keyboard event the shortcuts look at (structural, so tests need no DOM). */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

interface ElementLike {
  tagName?: string;
  isContentEditable?: boolean;
}

/** Whether keys typed at `target` are text (inputs, text areas, selects, editable content). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as ElementLike | null;
  if (!el?.tagName) return false;
  return (
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName.toUpperCase()) ||
    el.isContentEditable === true
  );
}

const keys: Record<string, ShortcutAction> = {
  j: 'next',
  k: 'previous',
  ArrowDown: 'next',
  ArrowUp: 'previous',
  a: 'accept',
  r: 'reject',
  u: 'reset',
  e: 'edit',
  '/': 'search',
  Escape: 'close',
};

/**
 * The review action for a key press, or null. Shortcuts act when focus is inside the browser or
 * on nothing in particular (the page body); never while typing (Esc excepted: it leaves the
 * editor), never with Ctrl/Cmd/Alt, and arrows only inside the browser so the page still scrolls.
 */
export function shortcutAction(
  input: KeyInput,
  focus: 'inside' | 'body' | 'elsewhere',
): ShortcutAction | null {
  if (input.ctrlKey || input.metaKey || input.altKey || focus === 'elsewhere') return null;
  const action = keys[input.key];
  if (!action) return null;
  if (isTypingTarget(input.target)) return action === 'close' ? 'close' : null;
  if (focus === 'body' && input.key.startsWith('Arrow')) return null;
  return action;
}
