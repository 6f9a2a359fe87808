import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolveFeatureOptions, type ResolvedFeatureOptions } from './features';
import { SoftmaxModel, type SoftmaxModelJson } from './logistic-regression';

/**
 * The file a trained classifier lives in: one softmax model per label head,
 * the featurizer settings they were trained with, and how training went.
 * `version` is a hash of everything else, so the same data and settings
 * always give the same version and any edit gives a new one.
 */

export const ARTIFACT_FORMAT = 'switchyard-classifier/1';

export interface LabelHeadArtifact {
  /** Class index → label, e.g. ["code", "math", ...]. */
  labels: string[];
  model: SoftmaxModelJson;
}

export interface HeadTrainingMetrics {
  examples: number;
  labelCounts: Record<string, number>;
  /** Accuracy on the training examples themselves: a sanity check, not a quality estimate. */
  trainAccuracy: number;
  /** Mean cross-entropy of the last epoch. */
  finalLoss: number;
}

export interface TrainingSummary {
  examples: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  heads: Record<string, HeadTrainingMetrics>;
  /** Heads present in the data but not trained, with why (e.g. only one label value). */
  skippedHeads: Record<string, string>;
}

export interface ClassifierArtifact {
  format: typeof ARTIFACT_FORMAT;
  version: string;
  features: ResolvedFeatureOptions;
  heads: Record<string, LabelHeadArtifact>;
  training: TrainingSummary;
}

/** An artifact that cannot be used; names the source and what is wrong. */
export class ArtifactError extends Error {
  readonly code = 'INVALID_ARTIFACT';
  constructor(
    readonly source: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${reason}`, options);
  }
}

/** First 16 hex digits of SHA-256 over the artifact without its version. */
export function artifactVersion(artifact: Omit<ClassifierArtifact, 'version'>): string {
  const { format, features, heads, training } = artifact;
  return createHash('sha256').update(JSON.stringify({ format, features, heads, training })).digest('hex').slice(0, 16);
}

export function sealArtifact(unsealed: Omit<ClassifierArtifact, 'version'>): ClassifierArtifact {
  const { format, features, heads, training } = unsealed;
  return { format, version: artifactVersion(unsealed), features, heads, training };
}

/**
 * Checks a parsed artifact and returns its heads as ready models. Throws an
 * ArtifactError for a wrong format, a version that does not match the
 * content (a hand-edited or damaged file), or a malformed head.
 */
export function loadArtifactHeads(artifact: ClassifierArtifact, source = 'artifact'): Map<string, { labels: string[]; model: SoftmaxModel }> {
  if (artifact?.format !== ARTIFACT_FORMAT) throw new ArtifactError(source, `format must be "${ARTIFACT_FORMAT}" (got ${JSON.stringify(artifact?.format)})`);
  if (artifactVersion(artifact) !== artifact.version) throw new ArtifactError(source, `version ${artifact.version} does not match its content: the file was edited or damaged`);
  let features: ResolvedFeatureOptions;
  try {
    features = resolveFeatureOptions(artifact.features);
  } catch (error) {
    throw new ArtifactError(source, `features: ${(error as Error).message}`, { cause: error });
  }
  const heads = new Map<string, { labels: string[]; model: SoftmaxModel }>();
  for (const [name, head] of Object.entries(artifact.heads ?? {})) {
    let model: SoftmaxModel;
    try {
      model = SoftmaxModel.fromJSON(head.model);
    } catch (error) {
      throw new ArtifactError(source, `head "${name}": ${(error as Error).message}`, { cause: error });
    }
    if (!Array.isArray(head.labels) || head.labels.length !== model.numClasses) {
      throw new ArtifactError(source, `head "${name}" has ${head.labels?.length} labels for ${model.numClasses} classes`);
    }
    if (model.dims > features.dims) throw new ArtifactError(source, `head "${name}" is ${model.dims} wide, more than features.dims ${features.dims}`);
    heads.set(name, { labels: head.labels, model });
  }
  if (heads.size === 0) throw new ArtifactError(source, 'has no label heads');
  return heads;
}

/** Parses artifact JSON text; structural checks happen in loadArtifactHeads. */
export function parseArtifact(text: string, source = 'artifact'): ClassifierArtifact {
  try {
    return JSON.parse(text) as ClassifierArtifact;
  } catch (error) {
    throw new ArtifactError(source, `is not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

export async function readArtifact(path: string): Promise<ClassifierArtifact> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ArtifactError(path, code === 'ENOENT' ? 'no such file' : `cannot be read (${(error as Error).message})`, { cause: error });
  }
  return parseArtifact(text, path);
}

/** Writes beside the target and renames, so a service polling `path` never reads half a file. */
export async function writeArtifact(path: string, artifact: ClassifierArtifact): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(artifact));
  await rename(temporary, path);
}
