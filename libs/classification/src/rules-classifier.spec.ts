import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateRules } from './evaluation';
import { parseLabelledJsonl } from './labelled-examples';
import { RulesClassifier, ruleComplexity } from './rules-classifier';
import { testJob } from './testing/job';

const classifier = new RulesClassifier();

describe('RulesClassifier', () => {
  it.each([
    ['Write a Python function that merges two sorted lists.', 'code'],
    ['Fix this bug:\n```js\nconst x = items.map(i => i.id\n```', 'code'],
    ['Solve for x: 3x + 7 = 22', 'math'],
    ['Calculate the integral of sin(x) from 0 to pi.', 'math'],
    ['Summarize this article in three bullet points: The central bank held rates steady...', 'summarization'],
    ['Write a haiku about the first snow of winter.', 'creative'],
    ['Who was the first president of Brazil?', 'factual_qa'],
    ['Extract all dates and amounts from this invoice and return them as JSON.', 'extraction'],
    ['Translate "where is the station" into German.', 'translation'],
    ['Hi! How are you doing today?', 'chat'],
  ])('labels %j as %s', (prompt, taskType) => {
    expect(classifier.classify(testJob(prompt)).taskType).toBe(taskType);
  });

  it.each([
    ['What is the recommended dosage of ibuprofen for a patient with a migraine?', 'medicine'],
    ['Is a non-compete clause in my employment contract enforceable in court?', 'law'],
    ['Should I put my savings in index funds or pay down my mortgage?', 'finance'],
    ['How does photosynthesis turn light into chemical energy in plant cells?', 'science'],
    ['How do I configure Kubernetes to autoscale my API servers?', 'technology'],
    ['Suggest a name for my new puppy.', 'general'],
  ])('assigns %j to the %s domain', (prompt, domain) => {
    expect(classifier.classify(testJob(prompt)).domain).toBe(domain);
  });

  it('reports the rules as its source, with no per-label probabilities', () => {
    const result = classifier.classify(testJob('Write a poem about rivers.'));
    expect(result.classifier).toBe('rules');
    expect(result.taskTypeScores).toEqual({});
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it('is less confident when no rule recognises the prompt', () => {
    const recognised = classifier.classify(testJob('Write a Python function that parses JSON and handles exceptions.'));
    const unrecognised = classifier.classify(testJob('blue elephants dancing'));
    expect(unrecognised.taskType).toBe('chat');
    expect(unrecognised.confidence).toBeLessThan(recognised.confidence);
  });

  it('takes modalities from attachments and adds text when there is text', () => {
    const result = classifier.classify(testJob('What is in this picture and this recording?', [{ mimeType: 'audio/wav' }, { mimeType: 'image/png' }, { mimeType: 'image/jpeg' }]));
    expect(result.modalities).toEqual(['text', 'image', 'audio']);
    expect(classifier.classify(testJob('', [{ mimeType: 'video/mp4' }])).modalities).toEqual(['video']);
  });

  it('estimates about one token per four characters plus a fixed cost per image', () => {
    expect(classifier.classify(testJob('x'.repeat(400))).estimatedTokens).toBe(100);
    expect(classifier.classify(testJob('x'.repeat(400), [{ mimeType: 'image/png' }])).estimatedTokens).toBe(100 + 765);
  });

  it('detects the language of the prompt', () => {
    expect(classifier.classify(testJob('What is the capital of France and why is it there?')).language).toBe('en');
    expect(classifier.classify(testJob('¿Cuál es la capital de Francia y por qué está allí?')).language).toBe('es');
    expect(classifier.classify(testJob('Quelle est la capitale de la France et pourquoi est-elle là ?')).language).toBe('fr');
    expect(classifier.classify(testJob('Wie ist das Wetter heute in Berlin und was soll ich anziehen?')).language).toBe('de');
    expect(classifier.classify(testJob('東京の天気はどうですか')).language).toBe('ja');
    expect(classifier.classify(testJob('Как дела?')).language).toBe('ru');
  });
});

describe('ruleComplexity', () => {
  it('rates a short lookup low, a constrained request medium and a long multi-part design task high', () => {
    expect(ruleComplexity('What is the capital of Peru?', 7)).toBe('low');
    expect(ruleComplexity('Describe the water cycle. Keep it under 200 words.', 13)).toBe('medium');
    const design = `Design a rate limiter for a multi-region API.\n1. Analyze the trade-offs of token bucket vs sliding window.\n2. Cover edge cases.\n3. Explain step by step.\n${'Context. '.repeat(200)}`;
    expect(ruleComplexity(design, Math.ceil(design.length / 4))).toBe('high');
  });
});

describe('rules on real benchmark prompts', () => {
  const path = join(__dirname, '..', 'data', 'routellm-domains.eval.jsonl');
  const evaluation = evaluateRules(parseLabelledJsonl(readFileSync(path, 'utf8'), path));

  // Floors a little under what the rules measured when written, so a rule change
  // that breaks real prompts fails even while the synthetic set still passes.
  it('recognises multiple-choice knowledge questions and some maths among MMLU and GSM8K prompts', () => {
    // Measured recall: factual_qa 0.965, math 0.26 (most maths here is multiple choice).
    expect(evaluation.heads.task_type.perLabel.factual_qa.recall).toBeGreaterThanOrEqual(0.93);
    expect(evaluation.heads.task_type.perLabel.math.recall).toBeGreaterThanOrEqual(0.2);
  });

  it('places real prompts in their domain more often than always answering general would', () => {
    // Measured 0.502; "general" for everything scores 600/1450 = 0.414.
    expect(evaluation.heads.domain.accuracy).toBeGreaterThanOrEqual(0.45);
  });
});
