import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { FAILURE, LOG, RESULT, type FixtureHandle, type PackedPackage } from './fixture-make.js';

export type { PackedFile, PackedPackage } from './fixture-make.js';
export { run } from './fixture-make.js';

declare module 'vitest' {
  export interface ProvidedContext {
    packageFixture: FixtureHandle;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The run's packed and installed package, once the fixture has made it (the caller's hook timeout bounds the wait). */
export async function packedPackage(): Promise<PackedPackage> {
  const { workdir, pid } = inject('packageFixture');
  for (;;) {
    if (existsSync(join(workdir, RESULT))) return JSON.parse(readFileSync(join(workdir, RESULT), 'utf8')) as PackedPackage;
    if (existsSync(join(workdir, FAILURE))) throw new Error(`the package fixture failed:\n${readFileSync(join(workdir, FAILURE), 'utf8')}`);
    if (!alive(pid) && !existsSync(join(workdir, RESULT))) {
      throw new Error(`the package fixture (pid ${pid}) ended without a result:\n${existsSync(join(workdir, LOG)) ? readFileSync(join(workdir, LOG), 'utf8') : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
