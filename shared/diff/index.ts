export type { DiffChange, DiffKind, DiffOptions, DiffResult } from './types';
export { diffJson } from './json-diff';
export { pathMatches, ignorePatternError, parsePathSteps, type PathStep } from './path-pattern';
export { diffLines, splitLines, type LineDiff } from './lines';
export { sideBySide, type SideBySide, type SideLine } from './side-by-side';
