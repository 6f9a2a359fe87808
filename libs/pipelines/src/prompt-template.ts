/**
 * A step's prompt template: `{{input}}` is the pipeline job's text,
 * `{{steps.<name>}}` the output of an earlier step. Nothing else is expanded,
 * so an operator's typo is a start-up error, not a literal in a prompt.
 */

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const STEP_PREFIX = 'steps.';
const INPUT = 'input';

/** What a template reads: the job's input and the steps whose outputs it uses, plus any placeholder it cannot fill. */
export interface TemplateReads {
  input: boolean;
  steps: string[];
  unknown: string[];
}

export function templateReads(template: string): TemplateReads {
  const reads: TemplateReads = { input: false, steps: [], unknown: [] };
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (name === INPUT) reads.input = true;
    else if (name.startsWith(STEP_PREFIX) && name.length > STEP_PREFIX.length) reads.steps.push(name.slice(STEP_PREFIX.length));
    else reads.unknown.push(name);
  }
  return reads;
}

/** Fills a template; every placeholder was checked at start-up, so each one has a value here. */
export function renderPrompt(template: string, input: string, outputs: ReadonlyMap<string, string>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => (name === INPUT ? input : (outputs.get(name.slice(STEP_PREFIX.length)) ?? '')));
}
