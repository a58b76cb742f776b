/**
 * `@skipbench/kit`: what a plugin author's tests use. `checkPlugin` (and `assertPluginConforms`) checks the
 * promises of the plugin contract, running every probe on every model; `testAgainstReference` registers a
 * family's PyTorch reference tests with any test runner. Add it as a dev dependency.
 *
 * @packageDocumentation
 * @module @skipbench/kit
 */
export { assertPluginConforms, checkPlugin, formatFailure, PROMISES, type CheckPluginOptions, type ConformanceFailure, type PromiseId } from './check-plugin.js';
export { REFERENCE_TOLERANCE, referenceProblem, testAgainstReference, type ReferenceCase, type ReferenceTestOptions, type TestRunner } from './reference-tests.js';
export { architectureFingerprint, FINGERPRINT_TOLERANCE, fingerprintProblems, probeFingerprint, type Fingerprint, type FingerprintValues, type Fingerprints } from './fingerprint.js';
