// Types for electron-binary.mjs (plain JS so `npm start` runs without a TypeScript step).

export declare const HEADLESS_CLI: string;

export interface FsView {
  electronDir: string | undefined;
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
  readFile(path: string): string;
}

export type BinaryLocation = { found: true; path: string } | { found: false; reason: string };

export type StartDecision =
  | { mode: 'electron'; binary: string; build: true }
  | { mode: 'headless'; reason: string; build: boolean };

export declare function locateElectronBinary(view: FsView): BinaryLocation;
export declare function decideStart(view: FsView & { projectRoot: string }): StartDecision;
export declare function electronPackageDir(require: { resolve(id: string): string }): string | undefined;
