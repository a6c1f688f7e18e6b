// Vite's types for import.meta.env (main.tsx registers the service worker in production builds only).
/// <reference types="vite/client" />
