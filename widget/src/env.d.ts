/** Vite's `?inline` import: the stylesheet's text, injected into the widget's shadow root. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
