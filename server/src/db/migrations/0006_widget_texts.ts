import type { AnyDb, DialectName } from '../dialect.js';

/**
 * A widget's texts (greeting, offline text, pre-chat prompt) per language, as JSON `{"en":{…},"de":{…}}`:
 * a German visitor got the one English greeting inside a German widget. The old greeting moves to the
 * widget's own language (English for 'auto', the language it was written in by default).
 */
export function widgetTextsMigration(_dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema
        .alterTable('widgets')
        .addColumn('texts', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      const widgets = await db.selectFrom('widgets').select(['id', 'greeting', 'language']).execute();
      for (const w of widgets) {
        const language = w.language === 'de' ? 'de' : 'en';
        const texts = { [language]: { greeting: w.greeting, offline: '', prechat: '' } };
        await db
          .updateTable('widgets')
          .set({ texts: JSON.stringify(texts) })
          .where('id', '=', w.id)
          .execute();
      }
      await db.schema.alterTable('widgets').dropColumn('greeting').execute();
    },
  };
}
