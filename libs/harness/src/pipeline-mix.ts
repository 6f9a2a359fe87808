import type { ConfigDocument } from '@switchyard/config';
import type { JobInput } from '@switchyard/contracts';
import { readConfigDocument } from './run-config';

/** The pipelines of the mix, one of each kind. */
export const PIPELINE_KINDS = ['enhance-then-answer', 'best-of-3', 'experts-by-domain', 'by-modality', 'voice-answer'] as const;
export type PipelineKind = (typeof PIPELINE_KINDS)[number];

type ModelDocument = ConfigDocument['models'][number];

/** A fast simulated model for pipeline runs (a few ms a call, no failures unless asked). */
function simulatedModel(id: string, modalities: ModelDocument['modalities'], quality: number, seed: number, price: number): ModelDocument {
  return {
    id,
    provider: 'simulated',
    pricing: { inputUsdPerMTok: price, outputUsdPerMTok: price * 4 },
    contextWindow: 32_000,
    modalities,
    qualityPrior: { default: quality },
    simulated: { latencyMedianMs: 5, latencyP95Ms: 20, failureRate: 0, quality: { default: quality }, seed, outputTokensMean: 40 },
  };
}

/**
 * The sample config with fast models and the pipelines of `kinds` (all by
 * default), for tests and the demo; one small-fast pool, so a test starts no
 * more processes than it needs.
 */
export function pipelineDocument(kinds: readonly PipelineKind[] = PIPELINE_KINDS): ConfigDocument {
  const doc = readConfigDocument();
  doc.kafka = { ...doc.kafka, sessionTimeoutMs: 6_000 };
  for (const model of doc.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 5, latencyP95Ms: 20, failureRate: 0 };
  doc.pools = doc.pools.filter((p) => p.id !== 'small-b');
  return withPipelines(doc, kinds);
}

/**
 * A config document (the sample's models) plus what the pipelines of `kinds`
 * need: a speech-to-text converter and two domain experts, each with one pool,
 * and the pipelines themselves. The default route keeps to the sample's two
 * general models, so the experts answer only through their pipeline.
 */
export function withPipelines(doc: ConfigDocument, kinds: readonly PipelineKind[] = PIPELINE_KINDS): ConfigDocument {
  doc.routing.routes.default.candidates = ['small-fast', 'large-general'];
  const pipelines: NonNullable<ConfigDocument['pipelines']> = {};
  const addModel = (model: ModelDocument) => {
    doc.models.push(model);
    doc.pools.push({ id: `${model.id}-a`, model: model.id, concurrency: 16 });
  };
  if (kinds.includes('enhance-then-answer')) {
    pipelines['enhance-then-answer'] = {
      description: 'series: a cheap model rewrites the prompt, then the routed generator answers it',
      steps: {
        enhance: { models: ['small-fast'], prompt: 'Rewrite this request so that a model answers it precisely. Request: {{input}}' },
        answer: { after: ['enhance'], route: 'default', prompt: '{{steps.enhance}}\n\nOriginal request: {{input}}' },
      },
      output: 'answer',
    };
  }
  if (kinds.includes('best-of-3')) {
    pipelines['best-of-3'] = {
      description: 'parallel: three models answer, the scorers keep the best',
      steps: {
        fast: { models: ['small-fast'] },
        strong: { models: ['large-general'] },
        routed: { route: 'default' },
        best: { after: ['fast', 'strong', 'routed'], pick: { minAnswers: 2 } },
      },
      output: 'best',
    };
  }
  if (kinds.includes('experts-by-domain')) {
    addModel(simulatedModel('law-expert', ['text'], 0.95, 21, 1));
    addModel(simulatedModel('medicine-expert', ['text'], 0.95, 23, 1));
    pipelines['experts-by-domain'] = {
      description: 'conditional: the classifier domain picks the expert model',
      steps: {
        answer: { switch: { on: 'domain', cases: { law: { models: ['law-expert'] }, medicine: { models: ['medicine-expert'] } }, default: { route: 'default' } } },
      },
      output: 'answer',
    };
  }
  if (kinds.includes('by-modality')) {
    pipelines['by-modality'] = {
      description: 'conditional: a different path per data type (images to a vision model)',
      steps: {
        answer: { switch: { on: 'modality', cases: { image: { models: ['large-general'] }, text: { route: 'default' } } } },
      },
      output: 'answer',
    };
  }
  if (kinds.includes('voice-answer')) {
    addModel(simulatedModel('speech-to-text', ['audio'], 0.9, 25, 0.5));
    pipelines['voice-answer'] = {
      description: 'converter: speech to text, then a text model answers the transcript',
      steps: {
        transcribe: { models: ['speech-to-text'], converts: { from: 'audio' } },
        answer: { after: ['transcribe'], route: 'default', prompt: 'Answer the question asked in this recording. Transcript: {{steps.transcribe}}' },
      },
      output: 'answer',
    };
  }
  doc.pipelines = pipelines;
  return doc;
}

/** Prompts each pipeline kind is asked, with the answer a correct model gives. */
const PROMPTS: Record<PipelineKind, (n: number) => { prompt: string; answer: string; audio?: string; image?: string }> = {
  'enhance-then-answer': (n) => ({ prompt: `whats ${n} plus ${n * 2}`, answer: String(n * 3) }),
  'best-of-3': (n) => ({ prompt: `What is ${n} times 7? Answer with the number only.`, answer: String(n * 7) }),
  'experts-by-domain': (n) =>
    n % 2 === 0
      ? { prompt: `Can my landlord end the lease agreement ${n} days early without going to court?`, answer: 'Only if the lease allows it.' }
      : { prompt: `What are the early symptoms of hypertension in patient ${n}, and which treatment do doctors recommend?`, answer: 'Often none; lifestyle changes and medication.' },
  'by-modality': (n) =>
    n % 2 === 0
      ? { prompt: `What animal is in this picture (${n})?`, answer: 'A cat.', image: `https://images.example.com/cats/${n}.png` }
      : { prompt: `Name an animal that purrs (${n}).`, answer: 'A cat.' },
  'voice-answer': (n) => ({ prompt: '', answer: `Answer ${n}`, audio: `s3://switchyard-demo/questions/q-${n}.wav` }),
};

/** `count` pipeline jobs, cycling through `kinds`, ids prefixed by the run. */
export function pipelineJobs(count: number, runId: string, kinds: readonly PipelineKind[] = PIPELINE_KINDS, tenant = 'demo'): JobInput[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length];
    const { prompt, answer, audio, image } = PROMPTS[kind](i);
    return {
      id: `${runId}-${i}`,
      tenant,
      pipeline: kind,
      prompt,
      attachments: [...(audio ? [{ mimeType: 'audio/wav', uri: audio }] : []), ...(image ? [{ mimeType: 'image/png', uri: image }] : [])],
      affinityKey: `session-${i % 97}`,
      reference: { text: answer },
      createdUnixMs: now,
      metadata: { pipeline_kind: kind },
    };
  });
}
