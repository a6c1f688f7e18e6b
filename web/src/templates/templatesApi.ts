import { useQuery } from '@tanstack/react-query';
import type { Template, TemplateCategory, TemplateGroup, TemplateInput } from '@switchboard/protocol';
import { api, withQuery } from '../lib/api';

export const templatesApi = {
  groups: async () => (await api<{ groups: TemplateGroup[] }>('GET', '/api/template-groups')).groups,
  list: async (groupId?: number) => (await api<{ templates: Template[] }>('GET', withQuery('/api/templates', { groupId }))).templates,
  categories: async (groupId?: number) => (await api<{ categories: TemplateCategory[] }>('GET', withQuery('/api/template-categories', { groupId }))).categories,
  create: (input: TemplateInput) => api<Template>('POST', '/api/templates', input),
  update: (id: number, input: TemplateInput) => api<Template>('PUT', `/api/templates/${id}`, input),
  remove: (id: number) => api('DELETE', `/api/templates/${id}`),
  createCategory: (groupId: number, name: string) => api<TemplateCategory>('POST', '/api/template-categories', { groupId, name }),
  renameCategory: (id: number, name: string) => api<TemplateCategory>('PUT', `/api/template-categories/${id}`, { name }),
  removeCategory: (id: number) => api('DELETE', `/api/template-categories/${id}`),
};

export const templateKeys = {
  groups: ['template-groups'] as const,
  all: ['templates'] as const,
  /** One group's templates and categories (admin), or all of my groups' (undefined: the panel). */
  of: (groupId: number | undefined) => ['templates', groupId ?? 'mine'] as const,
};

/** The groups whose templates I may use, each saying whether I manage it. */
export function useTemplateGroups(enabled = true) {
  return useQuery({ queryKey: templateKeys.groups, queryFn: templatesApi.groups, enabled, staleTime: 5 * 60_000 });
}

/** Templates and their categories: one group's, or all of mine. */
export function useTemplates(groupId?: number) {
  return useQuery({
    queryKey: templateKeys.of(groupId),
    queryFn: async () => {
      const [templates, categories] = await Promise.all([templatesApi.list(groupId), templatesApi.categories(groupId)]);
      return { templates, categories };
    },
  });
}

/** Whether the signed-in user manages the templates of at least one group (admins always do). */
export function useManagesTemplates(isAdmin: boolean): boolean {
  const groups = useTemplateGroups(!isAdmin);
  return isAdmin || (groups.data?.some((g) => g.canManage) ?? false);
}

/** "Deutsch", "English"… in the reader's language. */
export function languageName(code: string, uiLanguage: string): string {
  try {
    const name = new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(code);
    return name ? name.charAt(0).toLocaleUpperCase(uiLanguage) + name.slice(1) : code;
  } catch {
    return code;
  }
}

/** Every word of the search must appear in the title or the body, in any case. */
export function matchesSearch(template: Pick<Template, 'title' | 'body'>, text: string): boolean {
  const haystack = `${template.title}\n${template.body}`.toLowerCase();
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
