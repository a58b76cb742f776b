export { main, EXIT } from './cli.js';
export { discoverPlugins, type DiscoveredPlugin, type Discovery, type PluginSource } from './discovery.js';
