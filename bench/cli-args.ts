/** Minimal flag parsing for the bench programs: `--jobs 5000 --json --fault worker`. */
export function parseFlags(argv: string[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}" (flags look like --name value)`);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      flags.set(arg.slice(2), next);
      i++;
    } else flags.set(arg.slice(2), true);
  }
  return flags;
}

/** A positive integer flag, or the default; a wrong value stops the program naming the flag. */
export function intFlag(flags: Map<string, string | true>, name: string, fallback: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer (got "${String(raw)}")`);
  return value;
}

/** A fraction in [0, 1), or the default; a wrong value stops the program naming the flag. */
export function fractionFlag(flags: Map<string, string | true>, name: string, fallback: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value >= 1) throw new Error(`--${name} must be a fraction from 0 up to 1 (got "${String(raw)}")`);
  return value;
}

/** A flag that takes one of `choices`, or the first of them; anything else stops the program naming the flag and the choices. */
export function choiceFlag<T extends string>(flags: Map<string, string | true>, name: string, choices: readonly T[]): T {
  const raw = flags.get(name) ?? choices[0];
  if (!choices.includes(raw as T)) throw new Error(`--${name} must be one of ${choices.join(', ')} (got "${String(raw)}")`);
  return raw as T;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
