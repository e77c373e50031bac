// HTTP client for the server's /api (CONTRACT.md). Adds the Bearer token,
// refreshes it once on 401 and turns error bodies into ApiError with the code.

export interface User {
  id: string;
  username: string;
  full_name: string;
  role: 'admin' | 'commune_officer' | 'health_worker' | 'club_board';
  commune_id: string | null;
  club_ids: string[];
}

export interface Session {
  user: User;
  access_token: string;
  refresh_token: string;
  expires_at: number; // ms, local clock
  refreshed_at: number; // ms, last successful login or refresh
}

export interface LoginAnswer {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  user: User;
}

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public field?: string, public retryAfter?: number) {
    super(message || code);
  }
}

/** Thrown when the network could not be reached (offline, server down). */
export class NetworkError extends Error {
  constructor(message = 'network') { super(message); }
}

export interface SessionHolder {
  get(): Session | null;
  save(s: Session): Promise<void>;
  /** The refresh failed: the user must log in again (unsent changes are kept). */
  lost(code: string): Promise<void>;
}

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export class Api {
  private refreshing: Promise<boolean> | null = null;

  constructor(public base: string, private holder: SessionHolder, private fetchFn: FetchFn = (i, n) => fetch(i, n)) {}

  private async send(method: string, path: string, body: unknown, token?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    // A file (an Excel import) goes as it is, with its own type.
    const file = typeof Blob !== 'undefined' && body instanceof Blob ? body : null;
    if (body !== undefined) headers['Content-Type'] = file ? file.type : 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await this.fetchFn(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : file ?? JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new NetworkError(String(e));
    }
  }

  static async errorOf(res: Response): Promise<ApiError> {
    let code = 'http_' + res.status, message = res.statusText, field: string | undefined;
    try {
      const j = await res.json();
      if (j && j.error) {
        code = j.error.code ?? code;
        message = j.error.message ?? message;
        field = j.error.field;
      }
    } catch {
      /* not JSON */
    }
    if (res.status === 502 || res.status === 504) throw new NetworkError('gateway ' + res.status);
    const ra = Number(res.headers.get('Retry-After'));
    return new ApiError(res.status, code, message, field, Number.isFinite(ra) && ra > 0 ? ra : undefined);
  }

  /** Exchanges the refresh token for a new pair. False when the session is gone. */
  async refresh(): Promise<boolean> {
    if (this.refreshing) return this.refreshing;
    this.refreshing = (async () => {
      const s = this.holder.get();
      if (!s) return false;
      const res = await this.send('POST', '/api/auth/refresh', { refresh_token: s.refresh_token });
      if (res.ok) {
        const a = (await res.json()) as LoginAnswer;
        await this.holder.save(sessionFrom(a));
        return true;
      }
      const err = await Api.errorOf(res);
      if (res.status === 401) {
        await this.holder.lost(err.code);
        throw err;
      }
      throw err;
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** An authenticated request; returns the Response when ok, else throws ApiError / NetworkError. */
  async raw(method: string, path: string, body?: unknown): Promise<Response> {
    let s = this.holder.get();
    if (!s) throw new ApiError(401, 'unauthorized', 'no session');
    if (s.expires_at - 30_000 < Date.now()) {
      await this.refresh();
      s = this.holder.get()!;
    }
    let res = await this.send(method, path, body, s.access_token);
    if (res.status === 401) {
      const err = await Api.errorOf(res);
      if (err.code === 'account_disabled') {
        await this.holder.lost(err.code);
        throw err;
      }
      await this.refresh();
      s = this.holder.get()!;
      res = await this.send(method, path, body, s.access_token);
      if (res.status === 401) {
        const e2 = await Api.errorOf(res);
        await this.holder.lost(e2.code);
        throw e2;
      }
    }
    if (!res.ok) throw await Api.errorOf(res);
    return res;
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.raw(method, path, body);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  async login(username: string, password: string, deviceId: string, deviceName: string): Promise<Session> {
    const res = await this.send('POST', '/api/auth/login', { username, password, device_id: deviceId, device_name: deviceName });
    if (!res.ok) throw await Api.errorOf(res);
    return sessionFrom((await res.json()) as LoginAnswer);
  }

  async logout(): Promise<void> {
    const s = this.holder.get();
    if (!s) return;
    try {
      await this.send('POST', '/api/auth/logout', undefined, s.access_token);
    } catch {
      /* offline: the session dies with its tokens on this phone */
    }
  }
}

export function sessionFrom(a: LoginAnswer): Session {
  const now = Date.now();
  return {
    user: a.user,
    access_token: a.access_token,
    refresh_token: a.refresh_token,
    expires_at: now + (a.expires_in || 900) * 1000,
    refreshed_at: now,
  };
}
