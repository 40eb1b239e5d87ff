import { describe, expect, it } from 'vitest';
import { isTypingTarget, shortcutAction } from '../../../src/ui/dataset/shortcuts';

const key = (k: string, target: unknown = { tagName: 'BODY' }, mods = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: target as EventTarget,
  ...mods,
});

describe('review shortcuts', () => {
  it('maps review keys inside the browser', () => {
    const inside = (k: string) => shortcutAction(key(k, { tagName: 'BUTTON' }), 'inside');
    expect(
      ['j', 'k', 'ArrowDown', 'ArrowUp', 'a', 'r', 'u', 'e', '/', 'Escape'].map(inside),
    ).toEqual([
      'next',
      'previous',
      'next',
      'previous',
      'accept',
      'reject',
      'reset',
      'edit',
      'search',
      'close',
    ]);
    expect(inside('x')).toBeNull();
  });

  it('never fires while typing, except Esc', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT']) {
      expect(shortcutAction(key('a', { tagName }), 'inside')).toBeNull();
      expect(shortcutAction(key('j', { tagName }), 'inside')).toBeNull();
      expect(shortcutAction(key('Escape', { tagName }), 'inside')).toBe('close');
    }
    expect(
      shortcutAction(key('r', { tagName: 'DIV', isContentEditable: true }), 'inside'),
    ).toBeNull();
  });

  it('ignores modified keys and focus elsewhere; arrows only inside', () => {
    expect(shortcutAction(key('a', undefined, { ctrlKey: true }), 'inside')).toBeNull();
    expect(shortcutAction(key('r', undefined, { metaKey: true }), 'body')).toBeNull();
    expect(shortcutAction(key('a'), 'elsewhere')).toBeNull();
    expect(shortcutAction(key('a'), 'body')).toBe('accept');
    expect(shortcutAction(key('ArrowDown'), 'body')).toBeNull();
  });

  it('knows typing targets', () => {
    expect(isTypingTarget({ tagName: 'input' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
