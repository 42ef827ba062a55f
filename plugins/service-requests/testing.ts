/**
 * The test harness of service-requests for the tests of plugins that declare request types
 * (a portal with both enabled, a signed-in customer and operator, the request form). Tests only.
 */
export * from './tests/harness.ts';
