import type { Probe } from '../probe.js';
import { activationProfile } from './activation-profile.js';
import { gradientProfile } from './gradient-profile.js';
import { throughput } from './throughput.js';
import { trainability } from './trainability.js';

/** The probes core ships, by id. */
export const coreProbes: readonly Probe[] = [activationProfile, gradientProfile, trainability, throughput];

export { activationProfile, gradientProfile, throughput, trainability };
export { measureGradientProfile, gradientVerdict, type GradientProfile } from './gradient-profile.js';
export { PROBE_IDS, type ProbeId } from './ids.js';
