#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader: no build step between a clone and a working command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../simulator/cli.ts');
await main(process.argv);
