/**
 * One human sentence for a schema failure, from Ajv's first error: `body.name must be 1..40 characters` rather
 * than a regular expression.
 */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

function where(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//u, '').replace(/\//gu, '.');
  const part = context ?? 'request';
  return path ? `${part}.${path}` : part;
}

/** Keywords that fail on a value whose shape was right: within a union, the branch that was meant. */
const VALUE_KEYWORDS = new Set(['minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'enum']);

/**
 * The issue to tell: the first one, except within a union (anyOf: Ajv lists each branch's failure, then the anyOf),
 * where the branch whose shape matched but whose value did not is the one the client meant; when none did, the
 * union as a whole.
 */
function telling(issues: readonly ValidationIssue[]): ValidationIssue | undefined {
  const union = issues.find((issue) => issue.keyword === 'anyOf');
  if (!union) return issues[0];
  return (
    issues.find((issue) => VALUE_KEYWORDS.has(issue.keyword) && issue.instancePath.startsWith(union.instancePath)) ??
    union
  );
}

export function describeValidation(context: string | undefined, issues: readonly ValidationIssue[]): string {
  const issue = telling(issues);
  if (!issue) return 'The request is not valid.';
  const at = where(context, issue.instancePath);
  switch (issue.keyword) {
    case 'required':
      return `${at} must have the field "${String(issue.params['missingProperty'])}".`;
    case 'enum':
      return `${at} must be one of: ${(issue.params['allowedValues'] as unknown[]).map(String).join(', ')}.`;
    case 'type':
      return `${at} must be ${issue.params['type'] === 'integer' ? 'a whole number' : `of type ${String(issue.params['type'])}`}.`;
    case 'pattern':
      return /name$/u.test(at)
        ? `${at} must be printable text (no control characters, not only spaces).`
        : `${at} has characters that are not allowed here.`;
    case 'minLength':
      return `${at} must not be shorter than ${String(issue.params['limit'])} character(s).`;
    case 'maxLength':
      return `${at} must not be longer than ${String(issue.params['limit'])} characters.`;
    case 'minimum':
    case 'maximum':
      return `${at} ${issue.message ?? 'is out of range'}.`;
    case 'anyOf':
      return /timeControl$/u.test(at)
        ? `${at} must be a time control: {"type": "realtime", "initialSeconds", "incrementSeconds"}, {"type": "correspondence", "daysPerMove"}, a label like "5+3" or "3d", or null.`
        : `${at} does not have any of the accepted forms.`;
    default:
      return `${at} ${issue.message ?? 'is not valid'}.`;
  }
}
