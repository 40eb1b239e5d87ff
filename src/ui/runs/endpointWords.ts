import type { PoolView } from '../../services/poolStats';

type BreakerState = PoolView['endpoints'][number]['state'];

/** An endpoint's circuit-breaker state in plain words, with a one-line explanation. */
export const BREAKER_WORDS: Record<BreakerState, { label: string; help: string }> = {
  closed: { label: 'healthy', help: 'Answering normally; requests go to it as usual.' },
  open: {
    label: 'resting after failures',
    help: 'It failed several times in a row, so no requests go to it for a while; the others take over.',
  },
  'half-open': {
    label: 'trying again',
    help: 'After resting, it gets one test request at a time; a success brings it back, a failure rests it again.',
  },
};
