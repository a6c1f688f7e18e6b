import { createStore } from './store';

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'success' | 'error';
}

export const toastStore = createStore<readonly Toast[]>([]);

let nextId = 1;
const SHOW_MS = 4500;

export function showToast(text: string, tone: Toast['tone'] = 'info'): void {
  const id = nextId++;
  toastStore.set((list) => [...list.slice(-2), { id, text, tone }]);
  setTimeout(() => dismissToast(id), SHOW_MS);
}

export function dismissToast(id: number): void {
  toastStore.set((list) => (list.some((t) => t.id === id) ? list.filter((t) => t.id !== id) : list));
}
