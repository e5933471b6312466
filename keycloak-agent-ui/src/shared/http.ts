import { restErrorText } from "./format";

/**
 * An HTTP error: the REST body's {error, error_description} in its message, and its machine-readable parts
 * (the code in "error", and the request member in "field" when the server names one) for the page to map.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function member(body: unknown, name: string): string | undefined {
  if (body && typeof body === "object") {
    const value = (body as Record<string, unknown>)[name];
    return typeof value === "string" && value ? value : undefined;
  }
  return undefined;
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
      member(body, "error"),
      member(body, "field"),
    );
  }
  return body as T;
}
