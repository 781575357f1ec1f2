/** The assessment a page belongs to, with its numbers. */
import { assessmentPath } from '../endpoints.js';
import type { AssessmentView } from '../endpoints.js';
import type { Resource } from './use-resource.js';
import { useResource } from './use-resource.js';

/** `GET /api/assessments/:id`. */
export function useAssessment(id: string): Resource<AssessmentView> {
  return useResource<AssessmentView>(assessmentPath(id));
}
