import type { Actor } from '../access/access.js';
import type { Services } from '../services.js';

type Lang = 'en' | 'de';
type Texts = Record<Lang, { title: string; body: string }>;
type Category = { category: string; templates: Texts[] };

/**
 * Per demo group, categories with their templates, each in English and German, so a demo shows the
 * panel filled and its language filter at work. The groups' sets differ: whoever is in both sees no doubles.
 */
const DEMO_TEMPLATES: { group: 'Sales' | 'Support'; categories: Category[] }[] = [
  {
    group: 'Sales',
    categories: [
      {
        category: 'Greetings',
        templates: [
          {
            en: { title: 'Welcome', body: 'Hello {customer.name}, this is {agent.name}. How can I help you today?' },
            de: { title: 'Begrüßung', body: 'Hallo {customer.name}, hier ist {agent.name}. Wie kann ich Ihnen heute helfen?' },
          },
        ],
      },
      {
        category: 'Closing',
        templates: [
          {
            en: { title: 'Goodbye', body: 'Thanks for chatting with us, {customer.name}. Have a great day!' },
            de: { title: 'Verabschiedung', body: 'Danke für Ihre Nachricht, {customer.name}. Einen schönen Tag noch!' },
          },
        ],
      },
    ],
  },
  {
    group: 'Support',
    categories: [
      {
        category: 'Greetings',
        templates: [
          {
            en: { title: 'One moment', body: 'Thank you! Give me a moment while I look into this for you.' },
            de: { title: 'Einen Moment', body: 'Vielen Dank! Einen Moment bitte, ich sehe mir das für Sie an.' },
          },
        ],
      },
      {
        category: 'Closing',
        templates: [
          {
            en: { title: 'Anything else?', body: 'Is there anything else I can do for you?' },
            de: { title: 'Noch etwas?', body: 'Kann ich sonst noch etwas für Sie tun?' },
          },
        ],
      },
    ],
  },
];

/** Gives each demo group its quick-response templates above, created as the admin would. */
export async function seedTemplates(services: Services, admin: Actor, groupIds: Record<'Sales' | 'Support', number>): Promise<void> {
  for (const { group, categories } of DEMO_TEMPLATES) {
    const groupId = groupIds[group];
    for (const { category, templates } of categories) {
      const { id: categoryId } = await services.templates.createCategory(admin, groupId, category);
      for (const texts of templates) {
        for (const language of ['en', 'de'] as const) {
          await services.templates.create(admin, { groupId, categoryId, language, ...texts[language] });
        }
      }
    }
  }
}
