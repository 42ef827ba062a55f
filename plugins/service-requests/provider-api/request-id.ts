/** `{id}` of a request (its `id`, not the `number` the customer is told); an int4, so nothing else reaches the database. */
export const requestIdParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: "The request's id." } },
} as const;
