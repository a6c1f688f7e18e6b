import type { TestProject } from 'vitest/node';
import { createTemplates } from './databases.js';

/** Once per run (per project): the migrated template databases every test's database is copied from. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { templates, drop } = await createTemplates();
  project.provide('databaseTemplates', templates);
  return drop;
}
