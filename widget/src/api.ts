import type {
  Attachment,
  ErrorBody,
  IceServers,
  Message,
  OfflineMessage,
  StartVisit,
  UploadedFiles,
  VisitResponse,
  VisitorChat,
  VisitorSend,
  WidgetConfig,
} from '@switchboard/protocol';

/** A failed call: `status` 0 when the request never got an answer (network down, CORS refused). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** What the widget needs to word a refusal itself (the file's name, the size limit). */
    readonly params: Record<string, string> = {},
  ) {
    super(message);
  }

  /** Worth sending again as it was: it may not have arrived, or the server was briefly unable. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

interface CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  token?: string;
}

/** The visitor-side HTTP API of one widget on the server at `origin`. */
export function createApi(origin: string, key: string) {
  const widget = `${origin}/api/widget/${encodeURIComponent(key)}`;

  async function call<T>(url: string, { method = 'GET', body, token }: CallOptions = {}): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Visitor ${token}`;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
    } catch {
      throw new ApiError(0, 'NETWORK', 'The server could not be reached');
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok) return payload as T;
    const error = (payload as Partial<ErrorBody> | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'UNKNOWN', error?.message ?? response.statusText, error?.params);
  }

  /** One file, by XMLHttpRequest so its progress can be shown; `abort` ends it with code ABORTED. */
  function upload(token: string, file: File, progress: (loaded: number, total: number) => void) {
    const xhr = new XMLHttpRequest();
    const done = new Promise<Attachment>((resolve, reject) => {
      xhr.open('POST', `${origin}/api/visitor/files`);
      xhr.setRequestHeader('Authorization', `Visitor ${token}`);
      xhr.upload.onprogress = (event) => progress(event.loaded, event.lengthComputable ? event.total : file.size);
      xhr.onload = () => {
        let payload: unknown;
        try {
          payload = JSON.parse(xhr.responseText);
        } catch {
          // not JSON: answered below by status
        }
        if (xhr.status >= 200 && xhr.status < 300 && (payload as UploadedFiles | undefined)?.files?.[0]) {
          return resolve((payload as UploadedFiles).files[0]!);
        }
        const error = (payload as Partial<ErrorBody> | undefined)?.error;
        reject(new ApiError(xhr.status, error?.code ?? 'UNKNOWN', error?.message ?? xhr.statusText, error?.params));
      };
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The server could not be reached'));
      xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'Cancelled'));
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });
    return { done, abort: () => xhr.abort() };
  }

  return {
    upload,
    /** A visitor's file for `<img src>` and links: the token travels in the query. */
    fileUrl: (token: string, id: number, variant: '' | '/display' | '/thumbnail') =>
      `${origin}/api/visitor/files/${id}${variant}?token=${encodeURIComponent(token)}`,
    config: () => call<WidgetConfig>(`${widget}/config`),
    startVisit: (input: StartVisit) => call<VisitResponse>(`${widget}/visits`, { method: 'POST', body: input }),
    leaveMessage: (input: OfflineMessage) => call<VisitResponse>(`${widget}/offline`, { method: 'POST', body: input }),
    chat: (token: string) => call<VisitorChat>(`${origin}/api/visitor/chat`, { token }),
    /** STUN/TURN for a call the agent asked for (refused unless one is being set up). */
    iceServers: (token: string) => call<IceServers>(`${origin}/api/visitor/calls/ice-servers`, { token }),
    send: (token: string, input: VisitorSend) => call<Message>(`${origin}/api/visitor/messages`, { method: 'POST', body: input, token }),
  };
}

export type Api = ReturnType<typeof createApi>;
