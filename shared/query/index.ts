export type { ParseResult, Query, QueryCandidate, QueryError, QueryField, QueryTerm } from './types';
export { parseQuery } from './parse';
export { compileQuery, usesFullText } from './compile';
export { formatTerm, withTerm } from './format';
export { parseTimeValue } from './time';
export { QUERY_FIELDS, type QueryFieldHelp } from './fields';
