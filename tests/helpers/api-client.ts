/** A signed-in browser, as far as the JSON API can tell: a session cookie and the CSRF token. */
export interface ApiClient {
  get(path: string): Promise<{ status: number; body: any }>;
  post(path: string, body?: unknown, options?: { csrf?: boolean }): Promise<{ status: number; body: any }>;
  cookie: string;
  csrfToken: string;
}

export async function signIn(baseUrl: string, email: string, password: string, code?: string): Promise<ApiClient> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, ...(code ? { code } : {}) }),
  });
  const body = (await response.json()) as { csrfToken?: string };
  if (response.status !== 200 || !body.csrfToken) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(body)}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return clientWith(baseUrl, { cookie, csrfToken: body.csrfToken });
}

/** A client for an API token (scripts, practice systems). */
export function withToken(baseUrl: string, token: string): ApiClient {
  return clientWith(baseUrl, { cookie: '', csrfToken: '', authorization: `Bearer ${token}` });
}

function clientWith(baseUrl: string, auth: { cookie: string; csrfToken: string; authorization?: string }): ApiClient {
  const headers = (extra: Record<string, string> = {}) => ({
    ...(auth.cookie ? { Cookie: auth.cookie } : {}),
    ...(auth.authorization ? { Authorization: auth.authorization } : {}),
    ...extra,
  });
  const read = async (response: Response) => {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body };
  };
  return {
    ...auth,
    get: async (path) => read(await fetch(`${baseUrl}${path}`, { headers: headers() })),
    post: async (path, body = {}, options = {}) =>
      read(await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: headers({ 'Content-Type': 'application/json', ...(options.csrf === false || !auth.csrfToken ? {} : { 'X-CSRF-Token': auth.csrfToken }) }),
        body: JSON.stringify(body),
      })),
  };
}
