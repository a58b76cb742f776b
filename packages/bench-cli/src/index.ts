export { main } from './cli.js';
export { EXIT } from './exit.js';
export { discoverPlugins, type DiscoveredPlugin, type Discovery, type PluginSource } from './discovery.js';
