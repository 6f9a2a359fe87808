import { z } from 'zod';
import { modalitySchema } from './modality';

/**
 * The `pipelines:` section: each pipeline a small graph of named steps. The
 * shape is checked here; references (models, routes, steps), cycles and what
 * each step reads are checked by `assertValidPipelines` in libs/pipelines at
 * start-up, with the pipeline and step named.
 */

/** A pipeline or step name: it becomes part of job ids and route names. */
export const pipelineName = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, "_" or "-"');

/** Where a step's job is routed: a named route, or a list of models the router picks among (one model pins it). */
const targetShape = {
  /** A route of `routing.routes`. */
  route: z.string().min(1).optional(),
  /** Models the router may choose for this step, by the utility policy; one model pins it. */
  models: z.array(z.string().min(1)).min(1).optional(),
};

export const stepTargetSchema = z.object(targetShape).strict();

/** What a switch step branches on: a classifier label, or `metadata.<key>` of the job. */
const switchOn = z.union([z.enum(['taskType', 'domain', 'complexity', 'language', 'modality']), z.string().regex(/^metadata\.[^.\s]+$/, 'metadata.<key>')]);

export const pipelineStepSchema = z
  .object({
    /** Steps whose outputs this one needs; they run first. @default [] (reads the job) */
    after: z.array(z.string()).default([]),
    ...targetShape,
    /**
     * The step's prompt: `{{input}}` is the job's text, `{{steps.<name>}}` an
     * earlier step's output. @default the job's own messages (no `after`), or the one input's output
     */
    prompt: z.string().min(1).optional(),
    /** A converter: sends only the job's attachments of `from` and answers text (speech to text, document to text). */
    converts: z.object({ from: modalitySchema, to: z.literal('text').default('text') }).strict().optional(),
    /** A conditional step: the case matching the job's label (first listed wins for modalities) picks the target. */
    switch: z
      .object({
        on: switchOn,
        cases: z.record(z.string(), stepTargetSchema),
        /** Target when no case matches; without it the pipeline fails for that job, naming the label. */
        default: stepTargetSchema.optional(),
      })
      .strict()
      .optional(),
    /** Best-of-k: keeps the `after` answer the configured scorers rate highest (ties: cheaper, then listed first). */
    pick: z
      .object({
        /** Answers that must succeed for the pick (and the pipeline) to go on. @default 1 */
        minAnswers: z.number().int().positive().default(1),
      })
      .strict()
      .optional(),
  })
  .strict();

export const pipelineSchema = z
  .object({
    description: z.string().optional(),
    /** Named steps; each runs once per job, after the steps it names in `after`. */
    steps: z.record(pipelineName, pipelineStepSchema).refine((steps) => Object.keys(steps).length > 0, 'a pipeline needs at least one step'),
    /** The step whose output is the pipeline's answer. */
    output: z.string().min(1),
  })
  .strict();

export type PipelineConfig = z.infer<typeof pipelineSchema>;
export type PipelineStepConfig = z.infer<typeof pipelineStepSchema>;
export type StepTargetConfig = z.infer<typeof stepTargetSchema>;
