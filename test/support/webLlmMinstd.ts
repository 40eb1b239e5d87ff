/**
 * WebLLM's sampler random generator, rebuilt line for line from the `LinearCongruentialGenerator`
 * that @mlc-ai/web-llm 0.2.86 bundles (TVM's web runtime, support.ts): MINSTD with multiplier
 * 48271, modulus 2³¹−1, increment 0; `setSeed` stores seed mod modulus with 0 replaced by 1;
 * `randomFloat` = nextInt / modulus. The package does not export the class, so tests use this
 * copy; `webLlmMinstd.test.ts` checks it against the bundled source text.
 */
export class WebLlmMinstd {
  readonly modulus = 2147483647;
  readonly multiplier = 48271;
  readonly increment = 0;
  #state = 1;

  constructor(seed: number) {
    this.setSeed(seed);
  }

  setSeed(seed: number): void {
    if (!Number.isInteger(seed)) throw new Error('Seed should be an integer.');
    this.#state = seed % this.modulus;
    if (this.#state == 0) this.#state = 1;
  }

  nextInt(): number {
    // multiplier · state < 2⁴⁸, exact in a double.
    this.#state = (this.multiplier * this.#state + this.increment) % this.modulus;
    return this.#state;
  }

  randomFloat(): number {
    return this.nextInt() / this.modulus;
  }
}

/** The first uniform draw WebLLM's sampler makes after `setSeed(seed)`. */
export function firstDraw(seed: number): number {
  return new WebLlmMinstd(seed).randomFloat();
}
