import type { Job } from '@switchyard/contracts';

/** What a switch step can branch on: the classifier's labels and the job's metadata. */
export interface JobLabels {
  taskType: string;
  domain: string;
  complexity: string;
  language: string;
  modalities: string[];
  metadata: Record<string, string>;
}

export function jobLabels(job: Pick<Job, 'classification' | 'metadata'>): JobLabels {
  const c = job.classification;
  return {
    taskType: c?.taskType ?? '',
    domain: c?.domain ?? '',
    complexity: c?.complexity ?? '',
    language: c?.language ?? '',
    modalities: c?.modalities ?? [],
    metadata: job.metadata,
  };
}

/** The values a switch's `on` key has for this job (several for modality). */
export function labelValues(labels: JobLabels, on: string): string[] {
  if (on === 'modality') return labels.modalities;
  if (on.startsWith('metadata.')) {
    const value = labels.metadata[on.slice('metadata.'.length)];
    return value === undefined ? [] : [value];
  }
  const value = labels[on as 'taskType' | 'domain' | 'complexity' | 'language'];
  return value ? [value] : [];
}
