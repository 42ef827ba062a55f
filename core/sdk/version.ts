/**
 * The version of the plugin SDK (`portal/sdk`, `portal/testing`), not of the portal: it changes
 * major when something a plugin imports changes incompatibly, minor when something is added.
 * A plugin states the range it was written for in its manifest (`sdk: '^1.0.0'`).
 */
export const sdkVersion = '1.1.0';
