import { restErrorText } from "./format";

/** An HTTP error with the REST body's {error, error_description} in its message. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** JSON call with a bearer token; 204 gives undefined; non-2xx throws RestError with the server's words. */
export async function callJson<T>(
  url: string,
  token: string,
  init: RequestInit = {},
): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: {
      Accept: "application/json",
      ...(init.body ? { "Content-Type": "application/json" } : {}),
      Authorization: `Bearer ${token}`,
    },
  });
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) {
    throw new RestError(
      response.status,
      restErrorText(body, `HTTP ${response.status}`),
    );
  }
  return body as T;
}
