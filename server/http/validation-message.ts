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

export function describeValidation(context: string | undefined, issues: readonly ValidationIssue[]): string {
  const issue = issues[0];
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
    default:
      return `${at} ${issue.message ?? 'is not valid'}.`;
  }
}
