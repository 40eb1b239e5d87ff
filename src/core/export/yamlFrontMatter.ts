export type YamlValue =
  string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * JSON strings are valid YAML double-quoted scalars, so quoting every string is always safe.
 * `<`, `>` and `&` are written as \u escapes (the same string to a YAML reader), so a name that
 * carries a tag never appears as HTML anywhere in the card file.
 */
function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value).replace(
    /[<>&]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function key(name: string): string {
  return PLAIN_KEY.test(name) ? name : JSON.stringify(name);
}

function isEmptyCollection(value: YamlValue): boolean {
  return (
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && Object.keys(value).length === 0)
  );
}

function lines(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (typeof item !== 'object' || item === null || isEmptyCollection(item)) {
        return [`${indent}- ${inline(item)}`];
      }
      const [first = '', ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) =>
      typeof v === 'object' && v !== null && !isEmptyCollection(v)
        ? [`${indent}${key(k)}:`, ...lines(v, `${indent}  `)]
        : [`${indent}${key(k)}: ${inline(v)}`],
    );
  }
  return [`${indent}${scalar(value)}`];
}

function inline(value: YamlValue): string {
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object' && value !== null) return '{}';
  return scalar(value);
}

/** Block-style YAML for a Hugging Face card header, between `---` lines. */
export function yamlFrontMatter(data: { [key: string]: YamlValue }): string {
  return `---\n${lines(data, '').join('\n')}\n---\n`;
}
