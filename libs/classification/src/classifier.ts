import type { Classification, Job } from '@switchyard/contracts';

/** Labels a job: what kind of task it is, its domain, complexity, language, modalities and size. */
export interface Classifier {
  classify(job: Job): Classification;
}

/** The task types the rules know and the sample data teaches; a trained model may use any others. */
export const TASK_TYPES = ['code', 'math', 'summarization', 'creative', 'factual_qa', 'extraction', 'translation', 'chat'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const DOMAINS = ['medicine', 'law', 'finance', 'science', 'technology', 'general'] as const;
export type Domain = (typeof DOMAINS)[number];

export const COMPLEXITIES = ['low', 'medium', 'high'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

/**
 * Label heads that fill a Classification field of their own; a trained head
 * with any other name is reported in `Classification.labels`.
 */
export const FIELD_HEADS = { task_type: 'taskType', domain: 'domain', complexity: 'complexity' } as const;
export type FieldHead = keyof typeof FIELD_HEADS;
