import { conflict, forbidden, notFound } from '../http/problem.ts';
import type { KnowledgeDecision } from '../policy/knowledge.ts';

/** Turns a refused review or read-confirmation decision into its problem+json answer. */
export function refuse(decision: KnowledgeDecision, what: string): never {
  switch (decision) {
    case 'not-found':
      throw notFound(what);
    case 'forbidden':
      throw forbidden();
    case 'read-only':
      throw conflict('The page or its space is archived and cannot be changed.', 'archived');
    case 'allow':
      throw new Error('refuse() called for an allowed action');
  }
}
