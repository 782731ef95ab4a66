/**
 * A turn runs through small steps, grammY-style: each step gets the turn context and `next`,
 * and either handles the turn (does not call `next`) or passes it on. Steps are files in
 * `steps/`; adding a rule of the charter is adding a step, not rewriting the engine.
 */
export type Next = () => Promise<void>;
export type Step<C> = {
  name: string;
  run(ctx: C, next: Next): Promise<void>;
};

export class StepError extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`step "${step}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StepError';
  }
}

export function compose<C>(steps: Step<C>[]): (ctx: C) => Promise<void> {
  return async (ctx) => {
    let index = -1;
    const dispatch = async (i: number): Promise<void> => {
      if (i <= index) throw new Error('next() called twice in one step');
      index = i;
      const step = steps[i];
      if (!step) return;
      try {
        await step.run(ctx, () => dispatch(i + 1));
      } catch (err) {
        throw err instanceof StepError ? err : new StepError(step.name, err);
      }
    };
    await dispatch(0);
  };
}
