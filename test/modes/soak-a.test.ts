/** Partition soak, first half of the seeds (see ./soak-suite.ts). */
import { modesSoakSuite } from './soak-suite.ts';

modesSoakSuite(0, 500);
