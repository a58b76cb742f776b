export {
  assertPluginConforms,
  checkPlugin,
  formatFailure,
  PROMISES,
  type CheckPluginOptions,
  type ConformanceFailure,
  type PromiseId,
} from './check-plugin.js';
