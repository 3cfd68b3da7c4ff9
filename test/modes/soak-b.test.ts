/** Partition soak, second half of the seeds (see ./soak-suite.ts). */
import { modesSoakSuite } from './soak-suite.ts';

modesSoakSuite(500, 1000);
