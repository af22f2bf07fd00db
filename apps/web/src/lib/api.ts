import { EventStreamParser, type ServerEvent } from './event-stream';
import { endSession, session, signInNotice } from './session';

/** An answer of the API that is not 2xx: its status and the message the API wrote for people. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const token = session.get()?.token;
  return token ? { Authorization: `Bearer ${token}`, ...extra } : extra;
}

async function failure(res: Response): Promise<ApiFailure> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { message?: string | string[] };
    if (body.message) message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
  } catch {
    // not JSON: keep the status line
  }
  // An expired or revoked token: back to the sign-in page, which says why.
  if (res.status === 401 && session.get()) {
    signInNotice.set(`Your session ended (${message}). Sign in again.`);
    endSession();
  }
  return new ApiFailure(res.status, message);
}

/** `fetch` on the API's own origin with the bearer token; a non-2xx answer throws ApiFailure with its message. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(path, { ...init, headers: headers(init.headers as Record<string, string>) });
  if (!res.ok) throw await failure(res);
  return res;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await (await request(path, { signal })).json()) as T;
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

/** A raw body (a file as it is) with its content type. */
export async function postBody<T>(path: string, body: Blob | string, contentType: string): Promise<T> {
  const res = await request(path, { method: 'POST', headers: { 'Content-Type': contentType }, body });
  return (await res.json()) as T;
}

export async function postForm<T>(path: string, form: FormData): Promise<T> {
  return (await (await request(path, { method: 'POST', body: form })).json()) as T;
}

/**
 * Saves what a GET answers as a file: the token must go in a header, so a plain link cannot do it; the body
 * becomes a blob URL that a temporary link downloads.
 */
export async function download(path: string, fileName: string): Promise<void> {
  const blob = await (await request(path)).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Opens an HTML report of the API in a new tab (from a blob URL: the tab gets the page, not the token). The tab is
 * opened before the request, so the browser still counts it as the user's click.
 */
export async function openHtml(path: string): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const blob = await (await request(path)).blob();
    const url = URL.createObjectURL(new Blob([blob], { type: 'text/html' }));
    if (tab) tab.location.href = url;
    else window.location.href = url;
  } catch (error) {
    tab?.close();
    throw error;
  }
}

/**
 * Follows a server-sent event stream with fetch() (EventSource cannot send the Authorization header): calls
 * `onEvent` per event until the stream ends or `signal` aborts.
 */
export async function followEvents(
  path: string,
  onEvent: (event: ServerEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await request(path, { headers: { Accept: 'text/event-stream' }, signal });
  if (!res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventStreamParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (const event of parser.push(value)) onEvent(event);
  }
}
