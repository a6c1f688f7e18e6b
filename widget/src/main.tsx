/** @jsxImportSource preact */
import { render } from 'preact';
import { createApi } from './api.js';
import { App } from './components/App.js';
import { LiveChat } from './live-chat.js';
import { visitStore } from './visit-store.js';
import css from './widget.css?inline';

const HOST_TAG = 'switchboard-widget';

/** The script tag that loaded us: `<script src="https://HOST/widget.js" data-widget="KEY" async>`. */
function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.widget) return current;
  return document.querySelector<HTMLScriptElement>('script[data-widget]');
}

function mount(script: HTMLScriptElement): void {
  const key = script.dataset.widget!;
  if (document.querySelector(`${HOST_TAG}[data-widget="${CSS.escape(key)}"]`)) return;
  const origin = new URL(script.src, location.href).origin;

  const host = document.createElement(HOST_TAG);
  host.dataset.widget = key;
  // Inline and important: no rule of the host page can move, hide or restyle the container.
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('display', 'block', 'important');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  const container = document.createElement('div');
  shadow.append(style, container);
  document.body.append(host);

  const chat = new LiveChat(createApi(origin, key), visitStore(key), origin);
  render(<App chat={chat} />, container);
  void chat.start();
}

const script = ownScript();
if (!script?.dataset.widget) {
  console.warn('[switchboard] widget.js needs a data-widget="KEY" attribute on its script tag');
} else if (document.body) {
  mount(script);
} else {
  document.addEventListener('DOMContentLoaded', () => mount(script), { once: true });
}
