/** Schemas of the API-description routes. */

/** Fastify schema of `GET /api/openapi.json`. */
export const openApiSchema = { summary: 'This API as an OpenAPI 3.0 document', tags: ['docs'] };

/** Fastify schema of `GET /api/docs`. */
export const docsSchema = { summary: 'A plain HTML page listing the API operations', tags: ['docs'] };
