/** The directory: who is who (mentors, youths, chargés de mission), pairs and portfolios. */
export { importPairsCsv, formatImportReport, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, type ImportReport, type ImportError } from './import-csv.js';
export { seedDemo, formatSeedSummary, DEMO, type DemoKey, type DemoYouth, type SeedSummary } from './demo.js';
export { toE164 } from './phone.js';
