import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TestSocket } from './testing/ws-client.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function waitForHealth(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error('server did not become healthy');
}

describe('the server process', () => {
  it('starts on an empty data folder, prints the demo logins once, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-main-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, Date.now() + 15_000);

    const password = /admin@example\.com\s+(\S+)/.exec(output)?.[1];
    expect(password).toBeDefined();
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password }),
    });
    const { token } = (await login.json()) as { token: string };
    const socket = await TestSocket.connect(url, token);

    child.kill('SIGTERM');
    expect(await socket.closed()).toBe(1001);
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'switchboard.db-wal')) && fs.statSync(path.join(dataDir, 'switchboard.db-wal')).size).toBeFalsy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

/** Signs in with the password the first start printed for this email. */
async function signIn(url: string, output: string, email: string): Promise<{ token: string; user: { id: number } }> {
  const password = new RegExp(`${email.replace('.', '\\.')}\\s+(\\S+)`).exec(output)?.[1];
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  return (await login.json()) as { token: string; user: { id: number } };
}

describe('the bundled server that npm start runs', () => {
  const launcher = path.join(serverDir, 'bundle/main.js');

  it("serves the web client, the widget and the API, writes through the SQLite writer thread, makes a photo's thumbnail, and stops cleanly", async () => {
    // Built by scripts/build.mjs, which `npm test` runs before the tests.
    expect(fs.existsSync(launcher), 'server/bundle/main.js is built (npm run build)').toBe(true);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bundle-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, ['bundle/main.js'], {
      cwd: serverDir,
      // SQLITE_WRITER_FROM_RATE=0: every colleague's send goes to the writer thread, a file of its own in the bundle.
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SQLITE_WRITER_FROM_RATE: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHealth(url, Date.now() + 15_000);
      expect((await fetch(`${url}/`)).headers.get('content-type')).toContain('text/html');
      expect((await fetch(`${url}/widget.js`)).status).toBe(200);

      const admin = await signIn(url, output, 'admin@example.com');
      const anna = await signIn(url, output, 'anna@example.com');
      const post = (who: { token: string }, route: string, body: object) =>
        fetch(`${url}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
          body: JSON.stringify(body),
        });
      const chat = (await (await post(admin, '/api/conversations', { kind: 'direct', userId: anna.user.id })).json()) as { id: number };
      expect((await post(admin, `/api/conversations/${chat.id}/messages`, { clientId: 'bundle-1', body: 'Hello from the bundle' })).status).toBe(200);
      const seen = await fetch(`${url}/api/conversations/${chat.id}/messages`, { headers: { authorization: `Bearer ${anna.token}` } });
      expect(JSON.stringify(await seen.json())).toContain('Hello from the bundle');

      // A phone's HEIC photo: decoded in the image thread (heic-decode, found by its path), resized by sharp.
      const form = new FormData();
      form.append('file', new Blob([fs.readFileSync(path.join(serverDir, 'src/files/fixtures/sample.heic'))]), 'photo.heic');
      const upload = await fetch(`${url}/api/conversations/${chat.id}/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}` },
        body: form,
      });
      expect(upload.status).toBe(200);
      const [photo] = ((await upload.json()) as { files: { id: number; kind: string; hasThumbnail: boolean }[] }).files;
      expect(photo).toMatchObject({ kind: 'image', hasThumbnail: true });
      const thumbnail = await fetch(`${url}/api/files/${photo!.id}/thumbnail`, { headers: { authorization: `Bearer ${admin.token}` } });
      expect(thumbnail.status).toBe(200);
      expect(thumbnail.headers.get('content-type')).toMatch(/^image\//);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, output).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('the runtime', () => {
  it('npm scripts run on the Node.js 24 the project installs, whatever the system Node is', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('an older Node stops at once with a sentence instead of crashing in a native module', async () => {
    const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find(
      (candidate) => fs.existsSync(candidate) && fs.realpathSync(candidate) !== fs.realpathSync(process.execPath),
    );
    if (!systemNode) return; // no second, older Node on this machine to try
    const child = spawn(systemNode, ['--version']);
    const version = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.on('exit', () => resolve(out.trim()));
    });
    if (Number(version.replace('v', '').split('.')[0]) >= 24) return;
    // What an operator runs outside npm: the launcher checks before the bundle's native modules load.
    const run = spawn(systemNode, ['bundle/main.js'], { cwd: serverDir });
    let stderr = '';
    run.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => run.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('needs Node.js 24');
  });
});
