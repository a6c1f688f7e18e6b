/** A WhatsApp template's body with {{1}}, {{2}}… filled from the parameters typed so far (blank ones stay as placeholders). */
export function fillParameters(body: string, parameters: readonly string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (placeholder, n: string) => parameters[Number(n) - 1]?.trim() || placeholder);
}
