/** Accepts `http://host:8000`, `http://host:8000/`, or `http://host:8000/v1` and returns the `/v1` base. */
export function apiBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new Error(`'${baseUrl}' is not a valid URL; use the form http://host:8000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`'${baseUrl}' must start with http:// or https://`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1') ? path : `${path}/v1`;
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/$/, '');
}
