import type { Template } from '@switchboard/protocol';
import { languageName } from './templatesApi';

/** The language filter's value for every language. */
export const ALL_LANGUAGES = '';

/**
 * The filter a panel opens with: the customer's language when known; otherwise every language, since
 * the agent's UI language says nothing about the customer's and would hide the templates they need.
 */
export function initialLanguage(customerLanguage: string | null | undefined): string {
  return customerLanguage || ALL_LANGUAGES;
}

/** The languages to filter by, each named in the reader's language with how many templates it has. */
export function languageOptions(templates: readonly Pick<Template, 'language'>[], selected: string, uiLanguage: string): { code: string; label: string }[] {
  const counts = new Map<string, number>();
  for (const tpl of templates) counts.set(tpl.language, (counts.get(tpl.language) ?? 0) + 1);
  // The customer's language stays on offer with its 0, so the agent sees there is nothing in it.
  if (selected !== ALL_LANGUAGES && !counts.has(selected)) counts.set(selected, 0);
  return [...counts]
    .map(([code, n]) => ({ code, name: languageName(code, uiLanguage), n }))
    .sort((a, b) => a.name.localeCompare(b.name, uiLanguage))
    .map(({ code, name, n }) => ({ code, label: `${name} (${n})` }));
}

/** The empty panel points whoever can add templates to where they do it, and the others to who can. */
export function noTemplatesKey(managesTemplates: boolean): 'templates.noneManager' | 'templates.noneAgent' {
  return managesTemplates ? 'templates.noneManager' : 'templates.noneAgent';
}
