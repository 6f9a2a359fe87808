import { jobText, type Classification, type Job } from '@switchyard/contracts';
import type { Classifier, Complexity, Domain, TaskType } from './classifier';
import { jobSignals } from './job-signals';
import { detectLanguage } from './language';

/**
 * Keyword and pattern rules for when no model has been trained: each rule that
 * matches adds its weight to its label, and the heaviest label wins. The rules
 * favour precision; a prompt none of them recognise is chat (or factual QA if
 * it asks a question).
 */

type WeightedPatterns<L extends string> = Record<L, [RegExp, number][]>;

const TASK_RULES: WeightedPatterns<TaskType> = {
  code: [
    [/```|\bdef \w+\(|\bfunction\s*\w*\s*\(|=>|\bclass \w+|#include|\bimport \w+|\bconsole\.log\b|\bSELECT\b[\s\S]+\bFROM\b/, 3],
    [/\b(code|function|script|program|regex|sql query|api|endpoint|unit tests?|refactor|debug|compile|stack trace|exception|bug)\b/i, 2],
    [/\b(python|javascript|typescript|java|rust|golang|c\+\+|c#|ruby|bash|kotlin|swift|sql)\b/i, 2],
    [/\b(implement|write a (function|class|method|script)|fix (this|the) (code|error|bug))\b/i, 2],
  ],
  math: [
    [/\b(solve|calculate|compute|evaluate|simplify|integrate|differentiate|derivative|integral|prove that|equation|factori[sz]e)\b/i, 2],
    [/\d+\s*[-+*/^×÷]\s*\d+|\b[xyz]\s*[=<>]|\b(sqrt|log|sin|cos|tan)\s*\(|\\frac|\$[^$]+\$/i, 2],
    [/\b(probability|percent(age)?|how many|how much|average|sum of|product of|remainder|prime|fraction|theorem)\b/i, 1],
    [/\bfind (the )?(value|area|volume|number|sum|product|probability|derivative|roots?|minimum|maximum|order|degree|length)\b/i, 2],
  ],
  summarization: [
    [/\b(summari[sz]e|summary|tl;?dr|condense|key points|main points|in (a few|\d+|one|two|three) (sentences|bullets|words))\b/i, 4],
    [/\b(shorten|brief overview|recap|abstract of)\b/i, 2],
  ],
  creative: [
    [/\b(poem|haiku|limerick|sonnet|story|short story|fiction|lyrics|song|slogan|tagline|screenplay|fairy tale|novel)\b/i, 3],
    [/\b(write|compose|imagine|invent|create|brainstorm)\b.*\b(creative|funny|whimsical|story|poem|character|plot|names?)\b/i, 2],
  ],
  factual_qa: [
    [/^\s*(who|what|when|where|which|why|how)\b[^?]*\?/i, 2],
    // Multiple choice, as in exams and benchmarks: lettered options, often ending in "Answer:".
    [/(^|\n)\s*A[.)]\s.+\n\s*B[.)]\s/, 2],
    [/\b(which of the following|answer:\s*$)/i, 1],
    [/\b(what is|what are|who (is|was)|when did|where is|explain|define|definition of|difference between|tell me about)\b/i, 1],
  ],
  extraction: [
    [/\b(extract|pull out|list all|find all|identify all|parse)\b/i, 3],
    [/\b(as json|into json|json object|named entities|entities|fields|key-value|structured (data|format)|table of)\b/i, 2],
  ],
  translation: [
    [/\btranslat(e|ion|ing)\b/i, 4],
    [/\b(into|to|in) (english|french|spanish|german|italian|portuguese|chinese|japanese|korean|russian|arabic|dutch|hindi)\b/i, 2],
  ],
  chat: [
    [/^\W*(hi|hello|hey|good (morning|afternoon|evening)|thanks|thank you)\b/i, 2],
    [/\b(how are you|how's your day|how is your day|can we (just )?(talk|chat)|chat with|just curious|what do you think|you're (great|awesome|funny)|i'm feeling|i feel)\b/i, 3],
  ],
};

const DOMAIN_RULES: WeightedPatterns<Exclude<Domain, 'general'>> = {
  medicine: [
    [/\b(patients?|diagnos\w*|symptoms?|diseases?|clinic(al)?|medications?|drugs?|doses?|dosage|treatments?|therapy|surgery|physician|doctor|dr\.|nurse|hospital|mg|mmhg|blood|ecg|mri|diabetes|cancer|vaccin\w*|infection|anatomy|pharmac\w*|cardiology|flu|asthma|migraine|anemia|apnea)\b/i, 2],
  ],
  law: [
    [/\b(contracts?|clauses?|agreement|plaintiff|defendant|court|statute|lawsuit|legal|liability|tort|attorney|lawyer|jurisdiction|gdpr|compliance|regulation|indemnif\w*|litigation|verdict|constitutional|tenant|landlord|lease|eviction|copyright|arbitration|settlement|damages|rights)\b/i, 2],
  ],
  finance: [
    [/\b(stocks?|shares?|bonds?|portfolio|interest( rate)?|inflation|revenue|earnings|invoices?|tax(es)?|accounting|balance sheet|cash flow|dividends?|loan|mortgage|invest\w*|budget|equity|valuation|roi|fiscal|profit|margin|savers?|funds?|bank)\b/i, 2],
  ],
  science: [
    [/\b(physics|chemistry|biology|molecules?|moles?|atoms?|quantum|experiments?|hypothesis|photosynthesis|gravity|evolution|enzymes?|proteins?|cells?|genom\w*|gene|dna|crispr|astronomy|planets?|black holes?|climate|ecosystem|velocity|reactions?|half-life|tectonics|greenhouse|natural selection|samples|telescope|temperatures?)\b/i, 2],
  ],
  technology: [
    [/\b(software|servers?|databases?|kubernetes|cloud|network|apis?|microservices?|algorithm|latency|cpu|gpu|cache|caching|frontend|backend|deploy\w*|linux|encryption|tls|http\w*|endpoints?|replicas?|load balancers?|kafka|ci|pipelines?|release|jwt|requests per second|disk)\b/i, 2],
  ],
};

const HARD_MARKERS = /\b(prove|derive|optimi[sz]e|architect\w*|design an?|trade-?offs?|step[- ]by[- ]step|in depth|rigorous|comprehensive|analy[sz]e|compare and contrast|edge cases|complexity of|multi-?step)\b/gi;
const EASY_MARKERS = /^\s*(hi|hello|hey|thanks|thank you|what is|who is|define|translate)\b/i;
// An explicit constraint on the answer's form makes an otherwise simple request a step harder.
const CONSTRAINT_MARKERS = /\b(under \d+ words|in \d+ (words|sentences|bullets)|as (json|a table|a list)|friendly tone|plain language|format the answer|one example)\b/i;
const LIST_ITEM = /^\s*(\d+[.)]|[-*•])\s+/gm;

function score<L extends string>(text: string, rules: WeightedPatterns<L>): Map<L, number> {
  const scores = new Map<L, number>();
  for (const label of Object.keys(rules) as L[]) {
    let total = 0;
    for (const [pattern, weight] of rules[label]) if (pattern.test(text)) total += weight;
    if (total > 0) scores.set(label, total);
  }
  return scores;
}

function heaviest<L extends string>(scores: Map<L, number>): [L, number, number] | undefined {
  let best: [L, number, number] | undefined;
  let total = 0;
  for (const [label, weight] of scores) {
    total += weight;
    if (!best || weight > best[1]) best = [label, weight, 0];
  }
  return best && [best[0], best[1], total];
}

export function ruleTaskType(text: string): { taskType: TaskType; confidence: number } {
  const best = heaviest(score(text, TASK_RULES));
  if (!best) return { taskType: text.includes('?') ? 'factual_qa' : 'chat', confidence: 0.3 };
  const [taskType, weight, total] = best;
  // The winner's share of the evidence, discounted when the evidence itself is thin (a lone weight-1 rule gives at most 0.5).
  return { taskType, confidence: Math.min(0.95, (weight / total) * (weight / (weight + 1))) };
}

export function ruleDomain(text: string): Domain {
  const best = heaviest(score(text, DOMAIN_RULES));
  return best ? best[0] : 'general';
}

/** From size and structure: long, multi-part or reasoning-heavy prompts are harder. */
export function ruleComplexity(text: string, estimatedTokens: number): Complexity {
  let points = 0;
  if (estimatedTokens > 1_000) points += 2;
  else if (estimatedTokens > 120) points += 1;
  if (CONSTRAINT_MARKERS.test(text)) points += 1;
  if ((text.match(LIST_ITEM)?.length ?? 0) >= 3) points += 1;
  points += Math.min(2, new Set(text.toLowerCase().match(HARD_MARKERS) ?? []).size);
  if (estimatedTokens < 40 && EASY_MARKERS.test(text)) points -= 1;
  if (points >= 3) return 'high';
  return points >= 1 ? 'medium' : 'low';
}

export class RulesClassifier implements Classifier {
  classify(job: Job): Classification {
    const text = jobText(job);
    const { modalities, estimatedTokens } = jobSignals(job, text);
    const { taskType, confidence } = ruleTaskType(text);
    return {
      taskType,
      domain: ruleDomain(text),
      complexity: ruleComplexity(text, estimatedTokens),
      language: detectLanguage(text),
      modalities,
      estimatedTokens,
      confidence,
      // The proto keeps per-label probabilities for trained models; rule weights are not probabilities.
      taskTypeScores: {},
      classifier: 'rules',
      labels: {},
    };
  }
}
