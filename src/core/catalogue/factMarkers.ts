/** The marker words of line facts (src/core/diagnose/lineFacts.ts), per cross-line check that reads them. */
import type { CrossCheckName } from '../../model';

/**
 * The checks fed by line facts, with the marker words whose lines their extractors read. The catalogue
 * builds one automaton of them (which folds case), apart from the rules' prefilter: they start no rule
 * step, and log stores are asked only for the rules' words.
 */
export const FACT_MARKERS: Partial<Record<CrossCheckName, readonly string[]>> = {
  'multiple-cni-configs': ['net.d', '.conflist'],
  'cgroup-driver-differs': ['cgroup-driver', 'cgroupdriver', 'cgroup driver', 'systemdcgroup', 'cgroup_manager'],
  'cluster-cidr-excludes-node-podcidr': ['cluster-cidr', 'podsubnet', 'kube_pods_subnet', 'clustercidr', 'podcidr', 'pod cidr'],
};
