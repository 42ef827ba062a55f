import { describeClusterUnderFaults } from './scenario.ts';
import { STORAGE_KINDS } from './storage-kinds.ts';

describeClusterUnderFaults(STORAGE_KINDS.s3);
