import type { Migration } from 'kysely';
import * as m0001 from './0001_platform.ts';
import * as m0002 from './0002_spaces_pages.ts';
import * as m0003 from './0003_collab.ts';
import * as m0004 from './0004_content.ts';
import * as m0005 from './0005_processes.ts';
import * as m0006 from './0006_search.ts';
import * as m0007 from './0007_interviews.ts';
import * as m0008 from './0008_knowledge.ts';
import * as m0009 from './0009_update_bundles.ts';
import * as m0010 from './0010_token_limits.ts';
import * as m0011 from './0011_classification.ts';
import * as m0012 from './0012_totp.ts';
import * as m0013 from './0013_directory.ts';
import * as m0014 from './0014_oidc.ts';
import * as m0015 from './0015_files.ts';
import * as m0016 from './0016_attachment_text.ts';
import * as m0017 from './0017_comments_notifications.ts';
import * as m0018 from './0018_process_landscape.ts';
import * as m0019 from './0019_onboarding_gaps.ts';
import * as m0020 from './0020_publishing.ts';
import * as m0021 from './0021_templates_imports.ts';
import * as m0025 from './0025_search_spellings.ts';
import * as m0026 from './0026_job_runs.ts';
import * as m0027 from './0027_process_package_imports.ts';
import * as m0028 from './0028_expertise_dashboard.ts';
import * as m0029 from './0029_package_export_level.ts';
import * as m0030 from './0030_import_jobs.ts';
import * as m0031 from './0031_search_speed.ts';
import * as m0032 from './0032_search_filters.ts';
import * as m0033 from './0033_search_vocabulary_version.ts';
import * as m0034 from './0034_search_title_words.ts';
import * as m0035 from './0035_search_vector_inline.ts';
import * as m0036 from './0036_search_title_terms.ts';

/**
 * Every migration in order. Listed explicitly (not read from the directory) so that tsx,
 * Vite and Vitest all load them through their TypeScript transform.
 */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_spaces_pages': m0002,
  '0003_collab': m0003,
  '0004_content': m0004,
  '0005_processes': m0005,
  '0006_search': m0006,
  '0007_interviews': m0007,
  '0008_knowledge': m0008,
  '0009_update_bundles': m0009,
  '0010_token_limits': m0010,
  '0011_classification': m0011,
  '0012_totp': m0012,
  '0013_directory': m0013,
  '0014_oidc': m0014,
  '0015_files': m0015,
  '0016_attachment_text': m0016,
  '0017_comments_notifications': m0017,
  '0018_process_landscape': m0018,
  '0019_onboarding_gaps': m0019,
  '0020_publishing': m0020,
  '0021_templates_imports': m0021,
  '0025_search_spellings': m0025,
  '0026_job_runs': m0026,
  '0027_process_package_imports': m0027,
  '0028_expertise_dashboard': m0028,
  '0029_package_export_level': m0029,
  '0030_import_jobs': m0030,
  '0031_search_speed': m0031,
  '0032_search_filters': m0032,
  '0033_search_vocabulary_version': m0033,
  '0034_search_title_words': m0034,
  '0035_search_vector_inline': m0035,
  '0036_search_title_terms': m0036,
};
