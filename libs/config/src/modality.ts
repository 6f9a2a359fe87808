import { z } from 'zod';

/** Kinds of input a model accepts and a job carries. */
export const MODALITIES = ['text', 'image', 'audio', 'video'] as const;
export const modalitySchema = z.enum(MODALITIES);
export type Modality = (typeof MODALITIES)[number];
