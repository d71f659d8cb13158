import { setPriority } from 'node:os';
import { makePackedPackage } from './fixture-make.js';

/**
 * The package fixture's own process (started by specs/package/global-setup.ts): at the lowest CPU priority,
 * which npm, tsdown and everything they start inherit, so that the build and install take only what the
 * specs running meanwhile leave idle.
 */
setPriority(19);
await makePackedPackage(process.argv[2]!);
