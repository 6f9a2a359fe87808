/**
 * Domain vocabulary for the synthetic sample data: each domain's topics,
 * documents, source sentences and task seeds, which the task templates in
 * generate.ts fill their slots from.
 */

export interface DomainBank {
  topics: string[];
  documents: string[];
  /** Sentences a passage to summarise, extract from or translate is built from. */
  sentences: string[];
  codeTasks: string[];
  /** Word problems; `{a}`, `{b}`, `{c}` are replaced by random integers. */
  mathProblems: string[];
  questions: string[];
  entityKinds: string[];
}

export const DOMAIN_BANKS: Record<string, DomainBank> = {
  medicine: {
    topics: ['hypertension', 'type 2 diabetes', 'asthma in children', 'migraine', 'antibiotic resistance', 'vaccination schedules', 'sleep apnea', 'a broken wrist', 'seasonal flu', 'iron deficiency anemia'],
    documents: ['discharge summary', 'clinical note', 'patient leaflet', 'drug label', 'radiology report'],
    sentences: [
      'The patient is a 58-year-old man admitted on 3 March with chest pain and shortness of breath.',
      'Blood pressure on arrival was 165/95 mmHg and the ECG showed no acute changes.',
      'He was started on 75 mg aspirin daily and 40 mg atorvastatin at night.',
      'Metformin 500 mg twice daily remains the first-line treatment for most adults with type 2 diabetes.',
      'Symptoms of the infection usually resolve within ten days without antibiotics.',
      'Dr. Alvarez recommended a follow-up appointment at the cardiology clinic in six weeks.',
      'Children under five should receive the second dose of the vaccine before starting school.',
      'The MRI showed a small disc herniation at L4-L5 without nerve root compression.',
    ],
    codeTasks: ['computes a patient\'s body mass index from weight and height', 'flags lab results that fall outside their reference range', 'converts a medication dose from milligrams per kilogram to a total dose', 'parses HL7 messages into patient records', 'schedules vaccination reminders from a birth date'],
    mathProblems: ['A patient takes {a} mg of a drug every {b} hours. How many milligrams does the patient take in {c} days?', 'An IV drip delivers {a} mL per hour. How many hours does it take to deliver {b}0 mL?', 'A clinic sees {a} patients a day and {b}% of them need a blood test. How many blood tests are done in {c} days?'],
    questions: ['What are the early symptoms of {topic}?', 'How is {topic} usually diagnosed?', 'What causes {topic}?', 'Which treatments are recommended for {topic}?', 'Who is most at risk of {topic}?'],
    entityKinds: ['medications and doses', 'dates', 'diagnoses', 'patient names'],
  },
  law: {
    topics: ['a residential lease agreement', 'non-compete clauses', 'GDPR data subject requests', 'tenant rights during eviction', 'copyright infringement online', 'breach of contract claims', 'small claims court', 'employment discrimination law'],
    documents: ['contract', 'court ruling', 'privacy policy', 'terms of service', 'legal memo'],
    sentences: [
      'This Agreement is entered into on 1 January 2024 between Acme Ltd ("the Supplier") and Beta GmbH ("the Customer").',
      'The Tenant shall pay a monthly rent of 1,200 EUR no later than the fifth day of each month.',
      'Either party may terminate this Agreement with ninety days written notice.',
      'The court held that the defendant breached its duty of care and awarded damages of 45,000 USD.',
      'Personal data will be retained for no longer than 24 months after the end of the contract.',
      'The plaintiff argued that the non-compete clause was unenforceable under state law.',
      'Any dispute arising under this Agreement shall be settled by arbitration in London.',
      'The Supplier shall indemnify the Customer against all third-party claims of infringement.',
    ],
    codeTasks: ['redacts personal names from a contract text', 'finds every clause that mentions termination in a legal document', 'computes statutory deadlines while skipping public holidays', 'checks that a privacy policy mentions each required GDPR disclosure'],
    mathProblems: ['A contract charges a late penalty of {a} dollars per day. What is the total penalty after {b} days plus a {c}% administrative fee on it?', 'A lawyer bills {a}0 dollars per hour and works {b} hours a week for {c} weeks. What is the total fee?', 'A settlement of {a}000 dollars is split so that the attorney receives {b}%. How much does the client receive?'],
    questions: ['What is {topic}?', 'What rights does a person have regarding {topic}?', 'How does a court decide cases about {topic}?', 'What should I know before signing something involving {topic}?'],
    entityKinds: ['parties', 'dates and deadlines', 'monetary amounts', 'obligations'],
  },
  finance: {
    topics: ['compound interest', 'index funds', 'quarterly earnings reports', 'inflation', 'mortgage refinancing', 'a startup\'s cash flow', 'dividend investing', 'corporate bonds', 'capital gains tax'],
    documents: ['earnings report', 'annual report', 'invoice', 'budget memo', 'investment prospectus'],
    sentences: [
      'Revenue for the third quarter rose 12% year over year to 4.2 billion dollars.',
      'Operating margin narrowed to 18% as marketing spending increased.',
      'The board declared a quarterly dividend of 0.45 dollars per share, payable on 15 May.',
      'The central bank raised its benchmark interest rate by 25 basis points to curb inflation.',
      'Invoice number 20931 for 3,450 EUR is due within 30 days of receipt.',
      'Net cash flow from operations was negative for the second consecutive quarter.',
      'The fund charges an annual management fee of 0.2% and tracks the S&P 500 index.',
      'Analysts expect earnings per share of 2.10 dollars for the full fiscal year.',
    ],
    codeTasks: ['calculates monthly mortgage payments', 'computes the compound annual growth rate of a portfolio', 'reconciles bank transactions against invoices', 'parses a CSV of stock prices and returns the moving average', 'computes net present value from a list of cash flows'],
    mathProblems: ['If you invest {a}000 dollars at {b}% annual interest compounded yearly, how much will you have after {c} years?', 'A company has revenue of {a} million and costs of {b} million. What is its profit margin?', 'A loan of {a}000 dollars is repaid over {c} years with {b}% simple interest per year. How much interest is paid in total?'],
    questions: ['What is {topic}?', 'How does {topic} affect ordinary savers?', 'What are the risks of {topic}?', 'Why do investors care about {topic}?'],
    entityKinds: ['monetary amounts', 'dates', 'company names', 'percentages'],
  },
  science: {
    topics: ['photosynthesis', 'black holes', 'plate tectonics', 'the water cycle', 'CRISPR gene editing', 'quantum entanglement', 'natural selection', 'the greenhouse effect', 'enzyme kinetics'],
    documents: ['research abstract', 'lab report', 'journal article', 'grant proposal'],
    sentences: [
      'We measured the growth rate of E. coli at five temperatures between 20 and 42 degrees Celsius.',
      'The enzyme showed maximal activity at pH 7.4 and was inhibited by high salt concentrations.',
      'Observations from the telescope revealed a planet orbiting its star every 3.2 days.',
      'Sea surface temperatures in the region rose by 0.8 degrees over the last four decades.',
      'The experiment was repeated three times and the results were consistent within 2%.',
      'Professor Nakamura proposed that the mutation increases the protein\'s binding affinity.',
      'Samples were collected from 14 sites along the river between June and August.',
      'The reaction produces carbon dioxide and water and releases 890 kJ per mole of methane.',
    ],
    codeTasks: ['simulates radioactive decay for a given half-life', 'fits a linear regression to experimental measurements', 'computes the molar mass of a chemical formula', 'integrates the equations of motion of a pendulum', 'counts nucleotide frequencies in a DNA sequence'],
    mathProblems: ['A car accelerates from rest at {a} m/s^2 for {b} seconds. What distance does it cover?', 'A sample of {a}00 grams has a half-life of {b} years. How much remains after {c} half-lives?', 'How many moles are in {a}0 grams of a substance with molar mass {b} g/mol?'],
    questions: ['How does {topic} work?', 'What is {topic}?', 'Why is {topic} important for life on Earth?', 'Who discovered {topic}?', 'What evidence supports our understanding of {topic}?'],
    entityKinds: ['measurements and units', 'organisms', 'researchers', 'dates'],
  },
  technology: {
    topics: ['Kubernetes autoscaling', 'database indexing', 'TLS handshakes', 'REST API design', 'caching strategies', 'CI pipelines', 'message queues', 'zero-downtime deployments', 'load balancers'],
    documents: ['incident postmortem', 'design doc', 'release notes', 'runbook', 'architecture review'],
    sentences: [
      'At 14:05 UTC the primary database ran out of connections and the checkout API began returning errors.',
      'Latency at the 99th percentile increased from 120 ms to 2.4 seconds for 40 minutes.',
      'The on-call engineer, Priya Shah, rolled back release 3.8.1 at 14:47 UTC.',
      'Version 2.3 adds support for HTTP/3 and removes the deprecated v1 endpoints.',
      'Each service runs three replicas behind a load balancer in two availability zones.',
      'The cache hit rate dropped to 35% after the key format changed.',
      'We propose replacing the nightly batch job with a streaming pipeline on Kafka.',
      'Requests are authenticated with short-lived JWT tokens signed by the identity service.',
    ],
    codeTasks: ['retries an HTTP request with exponential backoff', 'implements an LRU cache', 'rate-limits requests with a token bucket', 'parses server log lines and counts errors per endpoint', 'validates a JSON configuration file against a schema'],
    mathProblems: ['A server handles {a}00 requests per second. How many requests does it handle in {b} hours?', 'A disk of {a} TB is {b}% full. How many gigabytes are free?', 'A service has {c} replicas each handling {a}0 requests per second. What is the total capacity per minute?'],
    questions: ['What is {topic}?', 'How do {topic} work in practice?', 'When should a team use {topic}?', 'What are common mistakes with {topic}?'],
    entityKinds: ['timestamps', 'version numbers', 'people and teams', 'metrics'],
  },
  general: {
    topics: ['the history of the bicycle', 'planning a birthday party', 'cooking fresh pasta', 'a weekend in Lisbon', 'training a puppy', 'gardening on a balcony', 'learning to play guitar', 'the rules of chess', 'autumn in the mountains'],
    documents: ['blog post', 'newsletter', 'email', 'meeting notes', 'travel itinerary'],
    sentences: [
      'The team met on Tuesday to plan the summer picnic at Riverside Park.',
      'Maria will bring sandwiches and Tom offered to organise the games.',
      'Our flight to Lisbon leaves at 9:30 on Friday and we return on Monday evening.',
      'The museum is closed on Mondays, so we moved the visit to Sunday afternoon.',
      'Fresh pasta needs only flour, eggs and a little patience.',
      'The puppy learned to sit within a week but still chews the sofa.',
      'Tickets cost 12 euros for adults and children under ten go free.',
      'Please reply by 20 June so we can book a table for everyone.',
    ],
    codeTasks: ['counts the words in a sentence', 'checks whether a string is a palindrome', 'sorts a list of names alphabetically', 'picks a random recipe from a list', 'converts temperatures between Celsius and Fahrenheit'],
    mathProblems: ['What is {a} times {b} plus {c}?', 'Solve for x: {a}x + {b} = {c}0', 'A recipe needs {a} eggs for {b} people. How many eggs are needed for {c}0 people?', 'Tom has {a}0 apples and gives away {b}. He then buys {c} more. How many does he have?'],
    questions: ['What is the history of {topic}?', 'Who invented {topic}?', 'What are some tips for {topic}?', 'Where can I learn about {topic}?'],
    entityKinds: ['names of people', 'dates and times', 'places', 'prices'],
  },
};
