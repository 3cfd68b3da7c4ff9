/** Soak, second half of the seeds (see ./soak-suite.ts). */
import { soakSuite } from './soak-suite.ts';

soakSuite(500, 1000);
