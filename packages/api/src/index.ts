/**
 * The Stafette REST contract: request and response schemas (TypeBox, so JSON Schema at run
 * time and TypeScript types through `Static`) and the limits of what users enter. The server
 * validates and describes its routes (OpenAPI) with these schemas; the client and the tests
 * use their types. One module per capability, named like the server folder that serves it.
 */
export * from './common.ts';
export * from './limits.ts';
export * from './problems.ts';
export * from './audit.ts';
export * from './auth.ts';
export * from './classification.ts';
export * from './collab.ts';
export * from './comments.ts';
export * from './content.ts';
export * from './directory.ts';
export * from './files.ts';
export * from './health.ts';
export * from './interviews.ts';
export * from './knowledge-risk.ts';
export * from './notifications.ts';
export * from './oidc.ts';
export * from './onboarding.ts';
export * from './knowledge-gaps.ts';
export * from './people.ts';
export * from './pages.ts';
export * from './processes.ts';
export * from './publishing.ts';
export * from './read-confirmations.ts';
export * from './reviews.ts';
export * from './search.ts';
export * from './setup.ts';
export * from './spaces.ts';
export * from './templates.ts';
export * from './imports.ts';
export * from './totp.ts';
export * from './users.ts';
export * from './versions.ts';
export * from './package-import.ts';
export * from './dashboard.ts';
