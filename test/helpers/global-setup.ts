import { testDatabase } from './db.js';

/** Migrates the shared test database once before any file runs. */
export default async function setup(): Promise<void> {
  await testDatabase();
}
